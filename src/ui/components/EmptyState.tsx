// No data yet: say so, and show exactly what to put in Claude Code's settings for these ports.
import { Box } from 'ink';
import type { Theme } from '../theme.js';
import { Frame, innerSize } from './Frame.js';
import { Lines, line, seg, type Line } from './Lines.js';
import { DEFAULT_GRPC_PORT, DEFAULT_HTTP_PORT } from '../../defaults.js';
import { otlpEndpoint, telemetryEnv } from '../../setup/telemetryEnv.js';

export function emptyStateLines(httpPort: number, grpcPort: number, host: string): Line[] {
  // The same variables `cc-top setup` writes, for the ports actually bound.
  const env = Object.entries(telemetryEnv({ protocol: 'http/protobuf', host, grpcPort, httpPort }));
  const ports = httpPort === DEFAULT_HTTP_PORT && grpcPort === DEFAULT_GRPC_PORT ? '' : ` --http-port ${httpPort} --grpc-port ${grpcPort}`;
  return [
    line(seg('Waiting for Claude Code…', 'accent', true)),
    line(),
    line('Run ', seg(`cc-top setup${ports}`, 'accent', true), ' and restart Claude Code, or add this to'),
    line('~/.claude/settings.json yourself (keep what is there):'),
    line(),
    line(seg('  "env": {', 'ok')),
    ...env.map(([k, v], i) => line(seg(`    "${k}": "${v}"${i < env.length - 1 ? ',' : ''}`, 'ok'))),
    line(seg('  }', 'ok')),
    line(),
    line(seg(`gRPC works too: "grpc" with ${otlpEndpoint({ protocol: 'grpc', host, grpcPort, httpPort })}.`, 'muted')),
    line(seg('Metrics arrive once per export interval; events within seconds. `cc-top doctor` checks it all.', 'muted')),
  ];
}

export function EmptyState({ width, height, theme, httpPort, grpcPort, host }: { width: number; height: number; theme: Theme; httpPort: number; grpcPort: number; host: string }) {
  const inner = innerSize(width, height);
  return (
    <Box width={width} height={height}>
      <Frame title="cc-top" focused width={width} height={height} theme={theme}>
        <Lines lines={emptyStateLines(httpPort, grpcPort, host).slice(0, inner.height)} width={inner.width} theme={theme} />
      </Frame>
    </Box>
  );
}
