// 5 Tools: per tool its calls, failures, permission decisions (accepted / rejected), p50/p95
// duration and success rate; API latency (p50/p95/p99) and time to first token by model; the error
// rate and errors by status; then requests and errors per bucket in the rows that are left.
import { cellWidth, fit } from '../../report/cells.js';
import { formatCount, formatMs, formatPercent } from '../../report/format.js';
import { chartPoints, stackedChart } from '../components/timeChart.js';
import { FramedLines } from '../components/FramedLines.js';
import { beside, line, seg, type Line } from '../components/Lines.js';
import { perBucket, thenChart, viewSeries, windowWords } from './chartSeries.js';
import { TWO_COLUMNS, type PanelProps, type View } from './panelProps.js';

/** API requests and errors per bucket, on one time axis, in `height` rows with the title. */
function requestsChart(view: View, width: number, height: number): Line[] {
  const rows = Math.floor((height - 3) / 2);
  if (rows < 1) return [];
  const [requests, errors] = viewSeries(view, 'requests', chartPoints(width, 8), [(c) => c.apiRequests ?? 0, (c) => c.apiErrors ?? 0]);
  return [
    line(seg(`API requests and errors per ${requests!.stepLabel} bucket, ${windowWords(view)}`, 'muted')),
    ...stackedChart(requests!, [{ name: 'requests', values: perBucket(requests!) }, { name: 'errors', values: perBucket(errors!), role: 'error' }], { width, rows, format: formatCount }),
  ];
}

/** Per tool: calls, failures, permission decisions, duration, success; at most `room` rows below the header. */
function toolTable(view: View, width: number, room: number): Line[] {
  const tools = view.summary.tools;
  // The figures take 46 cells (54 with the success rate): the name gets the rest, as much as it needs.
  const wide = width >= 12 + 54;
  const figures = wide ? 54 : 46;
  const longest = Math.max(10, ...tools.slice(0, 10).map((t) => cellWidth(t.name) + 1));
  const name = Math.max(10, Math.min(longest, 30, width - figures));
  const lines: Line[] = [
    line(seg(`${fit('tool', name)}${fit('calls', 6, 'right')}${fit('failed', 7, 'right')}${fit('accepted', 9, 'right')}${fit('rejected', 9, 'right')}${fit('p50', 7, 'right')}${fit('p95', 8, 'right')}${wide ? fit('success', 8, 'right') : ''}`, 'muted')),
  ];
  const rows = Math.max(1, Math.min(10, room));
  const shown = tools.slice(0, tools.length > rows ? rows - 1 : rows);
  for (const t of shown) {
    lines.push(
      line(
        fit(t.name, name),
        fit(formatCount(t.calls), 6, 'right'),
        seg(fit(formatCount(t.failures), 7, 'right'), t.failures ? 'error' : undefined),
        fit(formatCount(t.accepts), 9, 'right'),
        seg(fit(formatCount(t.rejects), 9, 'right'), t.rejects ? 'warn' : undefined),
        fit(formatMs(t.p50Ms), 7, 'right'),
        fit(formatMs(t.p95Ms), 8, 'right'),
        wide ? seg(fit(formatPercent(t.calls ? 1 - t.failures / t.calls : null, 0), 8, 'right'), t.failures ? 'warn' : 'ok') : '',
      ),
    );
  }
  if (tools.length === 0) lines.push(line(seg(view.filterNote?.text ?? 'no tool calls in this window', 'muted')));
  if (tools.length > shown.length) lines.push(line(seg(`… ${tools.length - shown.length} more`, 'muted')));
  return lines;
}

/** API latency and time to first token by model, the error rate and errors by status. */
function apiTable(view: View, width: number): Line[] {
  const api = view.summary.api;
  const models = api.byModel.slice(0, 4);
  const modelName = Math.max(10, Math.min(30, width - 40, Math.max(10, ...models.map((m) => cellWidth(m.model) + 1))));
  const apiWide = width >= modelName + 40;
  const lines: Line[] = [line(seg(`${fit('API by model', modelName)}${fit('p50', 8, 'right')}${fit('p95', 8, 'right')}${apiWide ? fit('p99', 8, 'right') : ''}${fit('ttft50', 8, 'right')}${fit('ttft95', 8, 'right')}`, 'muted'))];
  for (const m of models) {
    lines.push(line(fit(m.model, modelName), fit(formatMs(m.p50Ms), 8, 'right'), fit(formatMs(m.p95Ms), 8, 'right'), apiWide ? fit(formatMs(m.p99Ms), 8, 'right') : '', fit(formatMs(m.ttftP50Ms), 8, 'right'), fit(formatMs(m.ttftP95Ms), 8, 'right')));
  }
  const errors = api.errorsByStatus;
  lines.push(
    line(
      seg('API errors: ', 'muted'),
      seg(`${formatPercent(api.errorRate)} of requests (${view.window.name})`, api.errorRate ? 'error' : 'ok'),
      api.retriesExhausted ? seg(` · ${api.retriesExhausted} gave up after retries`, 'error') : '',
    ),
    line(seg('API errors by status: ', 'muted'), errors.length ? seg(errors.map((e) => `${e.status} ×${e.count}`).join(' · '), 'error') : seg('none', 'ok')),
  );
  return lines;
}

/** Said in one line where a panel's figures come from events, for a source that has none. */
export const NO_EVENTS_LINE = 'Tools, latency and API errors are events: not in Prometheus.';

export function toolsLines({ view, width }: Pick<PanelProps, 'view' | 'width'>, height: number): Line[] {
  if (view.state.origin?.noEvents) return [line(seg(NO_EVENTS_LINE, 'muted'))].slice(0, height);
  let tables: Line[];
  if (width >= TWO_COLUMNS + 20) {
    // Wide: the two tables side by side, so the chart gets the height.
    const left = Math.min(80, Math.floor(width * 0.55));
    tables = beside(toolTable(view, left, 8), apiTable(view, width - left - 2), left);
  } else {
    const api = apiTable(view, width);
    // As many tools as fit above the API lines (up to ten).
    tables = [...toolTable(view, width, height - 2 - api.length), line(), ...api];
  }
  return thenChart(tables, height, 5, (rows) => requestsChart(view, width, rows));
}

export function ToolsPanel(props: PanelProps) {
  return (
    <FramedLines title="Tools" hotkey="5" focused={props.focused} width={props.width} height={props.height} theme={props.theme} note={props.view.window.name} lines={(inner) => toolsLines({ ...props, width: inner.width }, inner.height)} />
  );
}
