// Runs the alert rules where the data arrives (the live view or --headless): after store changes
// (at most once a second) and when a session could next count as stalled, the only alert that
// time alone raises. Each alert is raised once (AlertTracker), kept in the event log and handed
// to `notify`. No timer runs while nothing changes and no session could stall.
import type { StoreState } from '../store/state.js';
import type { Alert } from './alertRules.js';
import { evaluateAlerts } from './alertRules.js';
import { AlertTracker } from './alertTracker.js';
import type { InsightsConfig } from './config.js';
import { nextStallCheckIn } from './stalledSessions.js';

/** Rules are evaluated at most this often while data flows. */
export const ALERT_CHECK_MS = 1_000;

export interface AlertWatcherOptions {
  source: { readonly state: StoreState; subscribe(listener: () => void): () => void };
  config: InsightsConfig;
  clock: () => number;
  /** Keep the alert (the store's event log). */
  record: (alert: Alert) => void;
  /** Tell the user (bell, desktop notification, a log line). */
  notify?: (alert: Alert) => void;
}

export interface AlertWatcher {
  /** Evaluate now (also what changes and the stall timer lead to); returns the alerts raised. */
  check(): Alert[];
  stop(): void;
}

export function watchAlerts(options: AlertWatcherOptions): AlertWatcher {
  const tracker = new AlertTracker();
  let pending: NodeJS.Timeout | undefined;
  let stallTimer: NodeJS.Timeout | undefined;
  let checking = false;

  const check = (): Alert[] => {
    if (checking) return [];
    checking = true;
    try {
      const now = options.clock();
      const raised = tracker.update(evaluateAlerts(options.source.state, options.config, now));
      for (const alert of raised) {
        options.record(alert);
        options.notify?.(alert);
      }
      if (stallTimer) clearTimeout(stallTimer);
      stallTimer = undefined;
      const wait = nextStallCheckIn(options.source.state, options.config.rules.stalledSessionMinutes, now);
      if (wait !== undefined) {
        stallTimer = setTimeout(check, Math.max(wait, ALERT_CHECK_MS));
        stallTimer.unref();
      }
      return raised;
    } finally {
      checking = false;
    }
  };

  const unsubscribe = options.source.subscribe(() => {
    if (pending || checking) return;
    pending = setTimeout(() => {
      pending = undefined;
      check();
    }, ALERT_CHECK_MS);
    pending.unref();
  });
  // Conditions that already hold (a budget spent before this start) are raised once now.
  check();

  return {
    check,
    stop() {
      unsubscribe();
      if (pending) clearTimeout(pending);
      if (stallTimer) clearTimeout(stallTimer);
    },
  };
}
