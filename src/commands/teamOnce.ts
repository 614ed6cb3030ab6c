// `cc-top --once [--json] --prometheus URL`: a team's figures read from Prometheus, printed as
// `--once` prints the store's. The filter and the grouping are applied by the server; events are
// not in Prometheus, so --json has null where only events could say.
import { loadInsights } from './insightsConfig.js';
import { printOnce, type OnceOptions } from './printOnce.js';
import type { PrometheusArgs } from './args.js';
import type { CommandIO } from './io.js';
import { resolveWindow } from '../report/window.js';
import { withoutEventFields } from '../report/noEvents.js';
import { PromClient, PrometheusError, DEFAULT_TIMEOUT_MS } from '../prometheusSource/promClient.js';
import { readTeamState } from '../prometheusSource/readTeam.js';
import { groupPlan } from '../prometheusSource/teamKeys.js';

/** A slow server's requests may be given longer (ms); not a flag, as it is rarely needed. */
export const TIMEOUT_ENV = 'CC_TOP_PROMETHEUS_TIMEOUT_MS';

export function promClient(prom: PrometheusArgs, env: NodeJS.ProcessEnv): PromClient {
  const timeout = Number(env[TIMEOUT_ENV]);
  return new PromClient({ url: prom.url, headers: prom.headers, timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_TIMEOUT_MS });
}

export async function runTeamOnce(options: OnceOptions, prom: PrometheusArgs, io: CommandIO): Promise<number> {
  const now = io.clock();
  try {
    const client = promClient(prom, io.env);
    const group = groupPlan(options.groupBy);
    const { config } = await loadInsights(options.budgets ?? {}, io);
    const window = resolveWindow(options.window, now);
    const b = config.budgets;
    const state = await readTeamState(client, {
      window,
      chart: false,
      days: options.by ? 'window' : b.dayUsd !== undefined || b.sessionUsd !== undefined ? 'today' : 'none',
      month: b.monthUsd !== undefined,
      filter: options.filter,
      groupBy: options.groupBy,
      sort: 'cost',
    });
    const origin = state.origin!;
    return await printOnce(state, options, io, {
      now,
      narrowed: true,
      ...(group ? { groupKey: group.reportKey } : {}),
      extraJson: { prometheus: { url: origin.url, asOf: new Date(origin.asOf).toISOString(), metricNames: origin.metricNames, notes: origin.notes } },
      shapeJson: (report) => withoutEventFields(report as Parameters<typeof withoutEventFields>[0]),
      notes: origin.notes,
    });
  } catch (err) {
    if (!(err instanceof PrometheusError)) throw err;
    io.stderr(`cc-top: ${err.message}`);
    return err.failure === 'usage' ? 2 : 1;
  }
}
