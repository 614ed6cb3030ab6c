// 1 Overview: the window's cost (coloured by threshold) and cost over time, tokens, sessions,
// code, active time, cache efficiency and the ratios.
import { costRole } from '../../report/paint.js';
import { PROJECTION_MIN_MINUTES, type Burn } from '../../report/burn.js';
import { formatBurn } from '../../report/burnText.js';
import { fit } from '../../report/cells.js';
import { formatCountdown, formatCount, formatDuration, formatRatio, formatUsd, plural } from '../../report/format.js';
import { windowSeries } from '../../report/series.js';
import { gauge } from '../components/bar.js';
import { chartLines, chartPoints } from '../components/chart.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line } from '../components/Lines.js';
import { ACTIVE_MS, type PanelProps } from './panelProps.js';

const LABEL = 10;
const label = (text: string) => seg(fit(text, LABEL), 'muted');

export function overviewLines({ view, width, chartRows }: Pick<PanelProps, 'view' | 'width' | 'chartRows'>, height: number): Line[] {
  const { summary, slice, now, thresholds } = view;
  const t = summary.totals;
  const d = summary.derived;
  const active = summary.sessions.filter((s) => now - Date.parse(s.lastSeen) < ACTIVE_MS).length;
  const per = [
    d.costPer1kOutputTokens === null ? null : `${formatUsd(d.costPer1kOutputTokens)}/1K out`,
    d.costPerCommit === null ? null : `${formatUsd(d.costPerCommit)}/commit`,
    d.costPer100Lines === null ? null : `${formatUsd(d.costPer100Lines)}/100 lines`,
  ].filter((x): x is string => x !== null);
  const live = view.summary.live;
  const noEvents = view.state.origin?.noEvents === true;
  const { burn } = view;
  const facts: Line[] = [
    // Live: the metrics plus what api_request events show before the next metric export.
    line(
      label('Cost'),
      seg(formatUsd(live.costUsd), costRole(live.costUsd, thresholds), true),
      live.provisionalUsd > 0 ? seg(` ~${formatUsd(live.provisionalUsd)} provisional`, 'warn') : '',
      t.estimatedUsd > 0 ? seg(` ~${formatUsd(t.estimatedUsd)} estimated`, 'warn') : '',
      // Requests and errors are events: a source without them (Prometheus) shows none rather than 0.
      noEvents ? '' : seg(`  ${plural(t.apiRequests, 'request')}`, 'muted'),
      !noEvents && t.apiErrors ? seg(` ${plural(t.apiErrors, 'error')}`, 'error') : '',
    ),
    line(label('Tokens'), seg(formatCount(live.tokens.total), undefined, true), seg(`  in ${formatCount(live.tokens.input)} · out ${formatCount(live.tokens.output)} · cache ${formatCount(live.tokens.cacheRead)}/${formatCount(live.tokens.cacheCreation)}`, 'muted')),
    line(label('Sessions'), seg(`${active} active`, active ? 'ok' : undefined), ` / ${t.sessions}${noEvents ? '' : ` · ${t.prompts} prompts`}`),
    line(label('Code'), seg(`+${t.linesAdded}`, 'ok'), ' ', seg(`-${t.linesRemoved}`, 'error'), ` lines · ${plural(t.commits, 'commit')} · ${plural(t.pullRequests, 'PR')}`),
    line(label('Active'), `you ${formatDuration(t.activeTimeSec.user)} · Claude ${formatDuration(t.activeTimeSec.cli)}`),
    line(label('Cache'), ...gauge(d.cacheEfficiency, Math.max(6, Math.min(24, width - LABEL - 10)), { warn: 0.4, ok: 0.7 })),
    line(label('Per'), per.length ? per.join(' · ') : seg('–', 'muted')),
    line(label('Burn'), seg(formatBurn(burn), burn.last5m.usdPerHour > 0 ? undefined : 'muted')),
    ...(burn.fiveHour ? [fiveHourLine(burn.fiveHour)] : []),
    line(label('Leverage'), `${formatRatio(d.productivityRatio)} Claude/you`, seg(` (peak session ${formatRatio(d.peakLeverage)})`, 'muted')),
  ];
  const room = height - facts.length - 1;
  if (room < 3) return facts.slice(0, Math.max(0, height));
  const series = windowSeries(slice, chartPoints(width), (c) => (c.costNanos ?? 0) / 1e9);
  const chart = chartLines(series.values, { width, height: Math.min(chartRows + 1, room), format: (v) => formatUsd(v), role: 'accent' });
  return [...facts, line(seg('Cost over time', 'muted')), ...chart];
}

function fiveHourLine(p: NonNullable<Burn['fiveHour']>): Line {
  if (p.projectedPercentage === null) return line(label('5h limit'), `${Math.round(p.usedPercentage)}% now`, seg(` · projection after ${PROJECTION_MIN_MINUTES} min of spend (${p.basisMinutes} so far)`, 'muted'));
  return line(
    label('5h limit'),
    seg(`${Math.round(p.usedPercentage)}% now → on pace for ${Math.round(p.projectedPercentage)}% at reset`, p.willExceed ? 'error' : 'ok'),
    seg(` (from ${p.basisMinutes} min of spend)`, 'muted'),
    p.exhaustedInSec !== null ? seg(` out in ${formatCountdown(p.exhaustedInSec)}`, 'error') : '',
  );
}

export function OverviewPanel(props: PanelProps) {
  return (
    <FramedLines title="Overview" hotkey="1" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => overviewLines({ ...props, width: inner.width }, inner.height)} />
  );
}
