// Cells added up for a report: a window holds tens of thousands of them. Every key is named in
// the code rather than looked up by a variable (as addCounters does for any sparse counters): each
// read and write then has a site of its own that V8 makes fast, several times faster than keyed
// access over the many shapes of sparse counters, which was most of a window's cost.
import { zeroCounters } from '../store/counters.js';
import type { CounterKey, Counters } from '../telemetry/model.js';

/** Counters with every key present (zeroCounters' one shape): what sums are added into. */
export type Sums = Record<CounterKey, number>;

export function zeroSums(): Sums {
  return zeroCounters() as Sums;
}

/** Add sparse counters `c` into `sums` (the same figures as addCounters, every key by name). */
export function addToSums(sums: Sums, c: Counters): void {
  sums.costNanos += c.costNanos ?? 0;
  sums.tokIn += c.tokIn ?? 0;
  sums.tokOut += c.tokOut ?? 0;
  sums.tokCacheRead += c.tokCacheRead ?? 0;
  sums.tokCacheCreation += c.tokCacheCreation ?? 0;
  sums.sessionsStarted += c.sessionsStarted ?? 0;
  sums.linesAdded += c.linesAdded ?? 0;
  sums.linesRemoved += c.linesRemoved ?? 0;
  sums.commits += c.commits ?? 0;
  sums.pullRequests += c.pullRequests ?? 0;
  sums.editAccept += c.editAccept ?? 0;
  sums.editReject += c.editReject ?? 0;
  sums.activeUserUs += c.activeUserUs ?? 0;
  sums.activeCliUs += c.activeCliUs ?? 0;
  sums.apiRequests += c.apiRequests ?? 0;
  sums.apiErrors += c.apiErrors ?? 0;
  sums.prompts += c.prompts ?? 0;
  sums.toolCalls += c.toolCalls ?? 0;
  sums.toolFailures += c.toolFailures ?? 0;
  sums.toolAccepts += c.toolAccepts ?? 0;
  sums.toolRejects += c.toolRejects ?? 0;
  sums.evCostNanos += c.evCostNanos ?? 0;
  sums.evTokIn += c.evTokIn ?? 0;
  sums.evTokOut += c.evTokOut ?? 0;
  sums.evTokCacheRead += c.evTokCacheRead ?? 0;
  sums.evTokCacheCreation += c.evTokCacheCreation ?? 0;
  sums.estCostNanos += c.estCostNanos ?? 0;
  sums.estUnpriced += c.estUnpriced ?? 0;
}
