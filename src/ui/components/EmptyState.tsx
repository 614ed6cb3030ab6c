// No data yet: say so, and show exactly what to put in Claude Code's settings for these ports (the
// command that starts the live view works that out from setup's own table and passes it in).
import { Box } from 'ink';
import type { Theme } from '../theme.js';
import { Frame, innerSize } from './Frame.js';
import { Lines, line, seg, type Line } from './Lines.js';

/** What a new user needs to get data flowing, for the ports actually bound. */
export interface SetupGuide {
  /** `cc-top setup --http-port 5318 …`: the command that points Claude Code here. */
  setupCommand: string;
  /** The variables `cc-top setup` writes, in order. */
  env: readonly (readonly [string, string])[];
  /** Where gRPC exporters go instead. */
  grpcEndpoint: string;
}

/** History from before cc-top: Claude Code's transcripts hold it. */
const IMPORT_HINT = line('Used Claude Code before? ', seg('cc-top import', 'accent', true), ' adds its history from ~/.claude/projects.');

export function emptyStateLines(guide: SetupGuide | undefined): Line[] {
  const lines: Line[] = [line(seg('Waiting for Claude Code…', 'accent', true)), line()];
  if (!guide) return [...lines, line('Run ', seg('cc-top setup', 'accent', true), ' and restart Claude Code; ', seg('cc-top doctor', 'accent', true), ' checks it all.'), line(), IMPORT_HINT];
  return [
    ...lines,
    line('Run ', seg(guide.setupCommand, 'accent', true), ' and restart Claude Code, or add this to'),
    line('~/.claude/settings.json yourself (keep what is there):'),
    line(),
    line(seg('  "env": {', 'ok')),
    ...guide.env.map(([k, v], i) => line(seg(`    "${k}": "${v}"${i < guide.env.length - 1 ? ',' : ''}`, 'ok'))),
    line(seg('  }', 'ok')),
    line(),
    line(seg(`gRPC works too: "grpc" with ${guide.grpcEndpoint}.`, 'muted')),
    line(seg('Metrics arrive once per export interval; events within seconds. `cc-top doctor` checks it all.', 'muted')),
    line(),
    IMPORT_HINT,
  ];
}

export function EmptyState({ width, height, theme, guide }: { width: number; height: number; theme: Theme; guide: SetupGuide | undefined }) {
  const inner = innerSize(width, height);
  return (
    <Box width={width} height={height}>
      <Frame title="cc-top" focused width={width} height={height} theme={theme}>
        <Lines lines={emptyStateLines(guide).slice(0, inner.height)} width={inner.width} theme={theme} />
      </Frame>
    </Box>
  );
}
