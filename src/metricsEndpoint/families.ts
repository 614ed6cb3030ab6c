// What /metrics serves, before any format: metric families of labelled series. Claude Code's
// families are described here with the names, help texts and labels its own Prometheus exporter
// uses (`OTEL_METRICS_EXPORTER=prometheus`, 2.1.330: units left out, `_total` on counters).
import type { CounterKey } from '../telemetry/model.js';

/** Label name -> value. Built without a prototype, so a label named `constructor` is only data. */
export type LabelSet = Record<string, string>;

export interface Series {
  labels: LabelSet;
  /**
   * Labels this series shares with others, as one object reused for all of them (a session's
   * labels for each of its series): prom-client formats such an object once, not per series.
   */
  shared?: LabelSet;
  value: number;
}

export interface Family {
  /** The Prometheus text format's name (a counter's ends in `_total`). */
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  series: Series[];
}

/** Families another part of cc-top adds beside these (e.g. the forward queue's state). */
export type FamilyProvider = () => readonly Family[];

/** One series of a family per store counter, told apart by a label (`type="input"`). */
export interface FamilyPart {
  counter: CounterKey;
  label?: readonly [name: string, value: string];
}

export interface ClaudeCodeFamily {
  name: string;
  help: string;
  parts: readonly FamilyPart[];
  /** Store units per unit shown: cost is kept in nano-USD, active time in microseconds. */
  unitsPerValue: number;
  /**
   * Counters whose presence brings the family's series out even at zero, as Claude Code sends them:
   * the four token types of a response together, and its cost with them.
   */
  presentWith?: readonly CounterKey[];
}

const TOKEN_COUNTERS: readonly CounterKey[] = ['tokIn', 'tokOut', 'tokCacheRead', 'tokCacheCreation'];

export const CLAUDE_CODE_FAMILIES: readonly ClaudeCodeFamily[] = [
  { name: 'claude_code_session_count_total', help: 'Count of CLI sessions started', parts: [{ counter: 'sessionsStarted' }], unitsPerValue: 1 },
  {
    name: 'claude_code_lines_of_code_count_total',
    help: "Count of lines of code modified, with the 'type' attribute indicating whether lines were added or removed and the 'model' attribute indicating which model made the change",
    parts: [
      { counter: 'linesAdded', label: ['type', 'added'] },
      { counter: 'linesRemoved', label: ['type', 'removed'] },
    ],
    unitsPerValue: 1,
  },
  { name: 'claude_code_pull_request_count_total', help: 'Number of pull requests created', parts: [{ counter: 'pullRequests' }], unitsPerValue: 1 },
  { name: 'claude_code_commit_count_total', help: 'Number of git commits created', parts: [{ counter: 'commits' }], unitsPerValue: 1 },
  { name: 'claude_code_cost_usage_total', help: 'Cost of the Claude Code session', parts: [{ counter: 'costNanos' }], unitsPerValue: 1e9, presentWith: TOKEN_COUNTERS },
  {
    name: 'claude_code_token_usage_total',
    help: 'Number of tokens used',
    parts: [
      { counter: 'tokIn', label: ['type', 'input'] },
      { counter: 'tokOut', label: ['type', 'output'] },
      { counter: 'tokCacheRead', label: ['type', 'cacheRead'] },
      { counter: 'tokCacheCreation', label: ['type', 'cacheCreation'] },
    ],
    unitsPerValue: 1,
    presentWith: TOKEN_COUNTERS,
  },
  {
    name: 'claude_code_code_edit_tool_decision_total',
    help: 'Count of code editing tool permission decisions (accept/reject) for Edit, Write, and NotebookEdit tools',
    parts: [
      { counter: 'editAccept', label: ['decision', 'accept'] },
      { counter: 'editReject', label: ['decision', 'reject'] },
    ],
    unitsPerValue: 1,
  },
  {
    name: 'claude_code_active_time_total',
    help: 'Total active time in seconds',
    parts: [
      { counter: 'activeUserUs', label: ['type', 'user'] },
      { counter: 'activeCliUs', label: ['type', 'cli'] },
    ],
    unitsPerValue: 1e6,
  },
];

/**
 * A value in the family's unit from exact integer units. Division is correctly rounded and a
 * number prints as the shortest decimal that reads back to it, so this prints the exact decimal
 * of the integer (0.01959 for 19,590,000 nano-USD) whenever a double can hold that decimal at
 * all: below 10^15 units, a million dollars on one series. Prometheus keeps doubles, so no
 * printing could carry more.
 */
export function valueOfUnits(units: number, unitsPerValue: number): number {
  return unitsPerValue === 1 ? units : units / unitsPerValue;
}
