// The burn rate as one phrase, most telling first (a narrow pane cuts the end):
// "$4.20/h 5m · $2.10/h 1h · on pace for $18.40 today · 12.5K tok/min".
import type { Burn } from './burn.js';
import { formatCount, formatUsd } from './format.js';

export function formatBurn(b: Burn): string {
  return `${formatUsd(b.last5m.usdPerHour)}/h 5m · ${formatUsd(b.last1h.usdPerHour)}/h 1h · on pace for ${formatUsd(b.endOfDay.projectedUsd)} today · ${formatCount(b.last5m.tokensPerMinute)} tok/min`;
}
