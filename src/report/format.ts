// Number and time formatting shared by --once and the TUI.

/**
 * What Intl.NumberFormat('en-US', two decimals) prints, without Intl: setting Intl up costs the
 * status line ~15 ms of a ~40 ms budget. Like Intl, it rounds the number's shortest decimal form
 * half away from zero (1.005 -> 1.01), then groups thousands. Tests hold it to Intl.
 */
export function dollarsText(usd: number): string {
  const text = String(Math.abs(usd));
  if (text.includes('e')) return usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const dot = text.indexOf('.');
  const frac = dot < 0 ? '' : text.slice(dot + 1);
  let cents = BigInt((dot < 0 ? text : text.slice(0, dot)) + (frac + '00').slice(0, 2));
  if (frac.length > 2 && frac.charCodeAt(2) >= 0x35) cents += 1n;
  const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+$)/g, ',');
  return `${usd < 0 && cents > 0n ? '-' : ''}${whole}.${(cents % 100n).toString().padStart(2, '0')}`;
}

/** "$0.0675" under a dollar (sub-cent requests stay visible), "$12.34" above. */
export function formatUsd(usd: number): string {
  const abs = Math.abs(usd);
  if (abs === 0) return '$0.00';
  if (abs < 1) return `$${usd.toFixed(4)}`;
  return `$${dollarsText(usd)}`;
}

/**
 * The one live figure, marked the same on every surface: `~$1.23` while part of it is provisional
 * (its metrics have not arrived yet) or estimated (priced by cc-top from a transcript); `+?` when
 * some of it has no known price.
 */
export function liveUsd(usdValue: number, provisionalUsd: number, estimatedUsd = 0, unpriced = 0): string {
  return `${provisionalUsd > 0 || estimatedUsd > 0 ? '~' : ''}${formatUsd(usdValue)}${unpriced > 0 ? '+?' : ''}`;
}

/** 950, 12.3K, 4.56M, 1.2B. */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs < 1_000) return String(Math.round(value));
  if (abs < 1_000_000) return `${trim(value / 1_000, abs < 10_000 ? 2 : 1)}K`;
  if (abs < 1_000_000_000) return `${trim(value / 1_000_000, 2)}M`;
  return `${trim(value / 1_000_000_000, 2)}B`;
}

function trim(v: number, digits: number): string {
  return v.toFixed(digits).replace(/\.?0+$/, '');
}

export function formatPercent(fraction: number | null, digits = 1): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(digits)}%`;
}

export function formatRatio(value: number | null, digits = 1): string {
  return value === null ? '–' : `${value.toFixed(digits)}×`;
}

/** 0.3s, 45s, 12m 3s, 3h 4m, 2d 5h. */
export function formatDuration(seconds: number): string {
  if (seconds > 0 && seconds < 9.95) return `${seconds.toFixed(1).replace(/\.0$/, '')}s`;
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3_600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ${Math.floor((s % 3_600) / 60)}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3_600)}h`;
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return ms < 1_000 ? `${Math.round(ms)}ms` : `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/**
 * "just now", then 10-second steps under a minute, then whole minutes, hours and days: a label
 * changes at most every 10 s, and rarely past a minute, so an idle screen has little to redraw.
 * Each label is exact to its unit: the age is rounded down, never up ("50s ago" is 50 to 59 s).
 */
export const AGO_STEP_MS = 10_000;

/** The unit an age is shown in: 10 s steps under a minute, then minutes, hours, days. */
function agoUnit(ageMs: number): number {
  return ageMs < 60_000 ? AGO_STEP_MS : ageMs < 3_600_000 ? 60_000 : ageMs < 86_400_000 ? 3_600_000 : 86_400_000;
}

export function formatAgo(thenMs: number | null | undefined, nowMs: number): string {
  if (!thenMs) return 'never';
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1_000));
  if (s < AGO_STEP_MS / 1_000) return 'just now';
  if (s < 60) return `${s - (s % (AGO_STEP_MS / 1_000))}s ago`;
  if (s < 3_600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3_600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

/**
 * Labels whose changes fall this close together change together: two times 12 ms apart must not
 * read "2m ago · 3m ago" (the first waits for the second; no label is late by more than this).
 */
export const AGO_TOGETHER_MS = 100;

/**
 * Milliseconds until the `formatAgo` labels for these times next read differently (changes that
 * fall within AGO_TOGETHER_MS of the first are made at once), or undefined when nothing is shown.
 * Drives the only timer of an idle screen.
 */
export function nextAgoChange(times: readonly (number | null | undefined)[], nowMs: number): number | undefined {
  const waits: number[] = [];
  for (const t of times) {
    if (!t) continue;
    const age = Math.max(0, nowMs - t);
    const unit = agoUnit(age);
    waits.push((Math.floor(age / unit) + 1) * unit - age);
  }
  if (waits.length === 0) return undefined;
  const first = Math.min(...waits);
  // The latest change within reach of the first, so that labels cross a boundary in one frame.
  return Math.max(...waits.filter((w) => w <= first + AGO_TOGETHER_MS));
}

/** "14:03" (local time). */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** "11-24" (local date). */
export function formatMonthDay(t: number): string {
  const d = new Date(t);
  return `${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** "14:03" today, "11-24 14:03" on another day: when something started. */
export function formatWhen(t: number, nowMs: number): string {
  return new Date(t).toDateString() === new Date(nowMs).toDateString() ? formatClock(t) : `${formatMonthDay(t)} ${formatClock(t)}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An axis label in dollars, short: `$0`, `$0.05`, `$2.5`, `$40`, `$1.2K`. */
export function formatUsdShort(usd: number): string {
  const abs = Math.abs(usd);
  if (abs === 0) return '$0';
  if (abs >= 1_000) return `$${formatCount(usd)}`;
  if (abs >= 1) return `$${trim(usd, 2)}`;
  // Under a dollar: enough digits to tell the labels of a small axis apart.
  return `$${trim(usd, Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(abs)))))}`;
}

/** "1 commit", "3 commits", "12.3K commits": counts are shortened like every other figure. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Time until a reset, in the two largest units: `3d4h`, `2h13m`, `42m`, `<1m`, `now`. */
export function formatCountdown(seconds: number): string {
  if (seconds <= 0) return 'now';
  if (seconds < 60) return '<1m';
  const s = Math.floor(seconds);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d${h}h`;
  if (h > 0) return `${h}h${m}m`;
  return `${m}m`;
}
