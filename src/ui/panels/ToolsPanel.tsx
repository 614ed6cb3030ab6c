// 5 Tools: calls, failures, accept/reject, p50/p95 duration and success rate per tool; API latency
// (p50/p95/p99) and time to first token by model; the error rate, errors by status, and
// requests and errors over time.
import { fit } from '../../report/cells.js';
import { formatMs, formatPercent } from '../../report/format.js';
import { windowSeries } from '../../report/series.js';
import { sparkline } from '../components/sparkline.js';
import { FramedLines } from '../components/FramedLines.js';
import { line, seg, type Line } from '../components/Lines.js';
import type { PanelProps } from './panelProps.js';

/** Said in one line where a panel's figures come from events, for a source that has none. */
export const NO_EVENTS_LINE = 'Tools, latency and API errors are events: not in Prometheus.';

export function toolsLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  if (view.state.origin?.noEvents) return [line(seg(NO_EVENTS_LINE, 'muted'))].slice(0, height);
  const { summary } = view;
  const name = Math.max(10, Math.min(24, width - 40));
  const wide = width >= name + 54;
  const lines: Line[] = [line(seg(`${fit('tool', name)}${fit('calls', 7, 'right')}${fit('fail', 6, 'right')}${fit('ok/rej', 9, 'right')}${fit('p50', 8, 'right')}${fit('p95', 8, 'right')}${wide ? fit('success', 9, 'right') : ''}`, 'muted'))];
  const tools = summary.tools.slice(0, Math.max(1, Math.floor(height / 2) - 2));
  for (const t of tools) {
    lines.push(
      line(
        fit(t.name, name),
        fit(String(t.calls), 7, 'right'),
        seg(fit(String(t.failures), 6, 'right'), t.failures ? 'error' : undefined),
        fit(`${t.accepts}/${t.rejects}`, 9, 'right'),
        fit(formatMs(t.p50Ms), 8, 'right'),
        fit(formatMs(t.p95Ms), 8, 'right'),
        wide ? seg(fit(formatPercent(t.calls ? 1 - t.failures / t.calls : null, 0), 9, 'right'), t.failures ? 'warn' : 'ok') : '',
      ),
    );
  }
  if (tools.length === 0) lines.push(line(seg('no tool calls yet', 'muted')));
  const api = summary.api;
  lines.push(line(), line(seg(`${fit('API by model', name)}${fit('p50', 8, 'right')}${fit('p95', 8, 'right')}${wide ? fit('p99', 8, 'right') : ''}${fit('ttft50', 8, 'right')}${fit('ttft95', 8, 'right')}`, 'muted')));
  for (const m of api.byModel.slice(0, 4)) {
    lines.push(line(fit(m.model, name), fit(formatMs(m.p50Ms), 8, 'right'), fit(formatMs(m.p95Ms), 8, 'right'), wide ? fit(formatMs(m.p99Ms), 8, 'right') : '', fit(formatMs(m.ttftP50Ms), 8, 'right'), fit(formatMs(m.ttftP95Ms), 8, 'right')));
  }
  const errors = api.errorsByStatus;
  lines.push(
    line(),
    line(
      seg('API errors: ', 'muted'),
      seg(`${formatPercent(api.errorRate)} of requests (${view.window.name})`, api.errorRate ? 'error' : 'ok'),
      api.retriesExhausted ? seg(` · ${api.retriesExhausted} gave up after retries`, 'error') : '',
    ),
    line(seg('by status: ', 'muted'), errors.length ? seg(errors.map((e) => `${e.status} ×${e.count}`).join(' · '), 'error') : seg('none', 'ok')),
  );
  if (height - lines.length >= 4) {
    const points = Math.max(4, width - 13);
    const series = (key: 'apiRequests' | 'apiErrors') => windowSeries(view.slice, points, (c) => c[key] ?? 0).values;
    lines.push(line(), line(fit('requests', 12), ' ', seg(sparkline(series('apiRequests')), 'accent')), line(fit('errors', 12), ' ', seg(sparkline(series('apiErrors')), 'error')));
  }
  return lines.slice(0, height);
}

export function ToolsPanel(props: PanelProps) {
  return (
    <FramedLines title="Tools" hotkey="5" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => toolsLines({ ...props, width: inner.width }, inner.height)} />
  );
}
