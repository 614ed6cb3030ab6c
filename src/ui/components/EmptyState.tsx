// No data yet: say so, and show exactly what to put in Claude Code's settings for these ports (the
// command that starts the live view works that out from setup's own table and passes it in).
import { Box } from 'ink';
import type { StateOrigin } from '../../store/state.js';
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

/** A team's Prometheus with nothing to show yet: being read, unreadable, or empty in this window. */
export function teamEmptyLines(origin: StateOrigin, window: string): Line[] {
  if (origin.asOf === 0 && !origin.stale) return [line(seg(`Reading ${origin.url}…`, 'accent', true))];
  if (origin.asOf === 0) return [line(seg(`Cannot read ${origin.url}`, 'error', true)), line(), line(origin.stale!.error), line(), line(seg('cc-top tries again at every refresh.', 'muted'))];
  return [
    line(seg(`No Claude Code data in Prometheus for ${window}.`, 'accent', true)),
    line(),
    line('Try a longer window (', seg('w', 'accent', true), '), or check what Prometheus holds: ', seg(origin.metricNames.join(', ') || 'no claude_code_* metrics', 'muted')),
  ];
}

export function EmptyState({ width, height, theme, guide, origin, window }: { width: number; height: number; theme: Theme; guide: SetupGuide | undefined; origin?: StateOrigin | undefined; window?: string }) {
  const inner = innerSize(width, height);
  if (origin) {
    return (
      <Box width={width} height={height}>
        <Frame title="cc-top · team" focused width={width} height={height} theme={theme}>
          <Lines lines={teamEmptyLines(origin, window ?? '').slice(0, inner.height)} width={inner.width} theme={theme} />
        </Frame>
      </Box>
    );
  }
  return (
    <Box width={width} height={height}>
      <Frame title="cc-top" focused width={width} height={height} theme={theme}>
        <Lines lines={emptyStateLines(guide).slice(0, inner.height)} width={inner.width} theme={theme} />
      </Frame>
    </Box>
  );
}
