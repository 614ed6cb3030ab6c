// No data yet: say so, and show exactly what to put in Claude Code's settings for these ports.
import { Box } from 'ink';
import type { Theme } from '../theme.js';
import { Frame, innerSize } from './Frame.js';
import { Lines, line, seg, type Line } from './Lines.js';

export function emptyStateLines(httpPort: number, grpcPort: number, host: string): Line[] {
  const h = host.includes(':') ? `[${host}]` : host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return [
    line(seg('Waiting for Claude Code…', 'accent', true)),
    line(),
    line('Add this to ~/.claude/settings.json (keep what is there), then restart Claude Code:'),
    line(),
    line(seg('  "env": {', 'ok')),
    line(seg('    "CLAUDE_CODE_ENABLE_TELEMETRY": "1",', 'ok')),
    line(seg('    "OTEL_METRICS_EXPORTER": "otlp",', 'ok')),
    line(seg('    "OTEL_LOGS_EXPORTER": "otlp",', 'ok')),
    line(seg('    "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",', 'ok')),
    line(seg(`    "OTEL_EXPORTER_OTLP_ENDPOINT": "http://${h}:${httpPort}",`, 'ok')),
    line(seg('    "OTEL_METRIC_EXPORT_INTERVAL": "10000",', 'ok')),
    line(seg('    "OTEL_LOGS_EXPORT_INTERVAL": "2000"', 'ok')),
    line(seg('  }', 'ok')),
    line(),
    line(seg(`gRPC works too: "grpc" with http://${h}:${grpcPort}.`, 'muted')),
    line(seg('Metrics arrive once per export interval; events within seconds.', 'muted')),
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
