// The stack's ceiling for `npm run bench`: an HTTP and a gRPC server that read each request body
// and answer success without decoding or storing anything. Prints its ports as JSON on stdout.
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';

const pass = (b) => b;
const server = http.createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': req.headers['content-type'] ?? 'application/x-protobuf', 'Content-Length': 0 });
    res.end();
  });
});
const grpcServer = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
for (const svc of ['metrics.v1.MetricsService', 'logs.v1.LogsService', 'trace.v1.TraceService']) {
  grpcServer.addService(
    { Export: { path: `/opentelemetry.proto.collector.${svc}/Export`, requestStream: false, responseStream: false, requestSerialize: pass, requestDeserialize: pass, responseSerialize: pass, responseDeserialize: pass } },
    { Export: (_call, callback) => callback(null, Buffer.alloc(0)) },
  );
}
server.listen(0, '127.0.0.1', () => {
  grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, grpcPort) => {
    if (err) throw err;
    process.stdout.write(`${JSON.stringify({ httpPort: server.address().port, grpcPort })}\n`);
  });
});
process.on('SIGTERM', () => process.exit(0));
