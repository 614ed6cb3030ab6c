// Which alerts are new: the rules are re-evaluated on every change, the bell must ring once.
import type { Alert } from './alertRules.js';

/** Alert ids remembered; past it the oldest are forgotten (a day of alerts is far fewer). */
export const RAISED_ALERT_IDS_CAP = 1_000;

export class AlertTracker {
  /** Ids raised or absorbed, oldest first (a Set keeps insertion order). */
  private readonly seen = new Set<string>();
  /** Conditions that held at the previous update. */
  private holding = new Set<string>();

  /**
   * The alerts to raise now, out of all that hold. Each id is raised at most once. An alert whose
   * condition already held at the previous update is the same episode carried into a new period
   * (an error spike running into the next 5-minute bucket) and is absorbed, not raised; a
   * condition that clears and comes back in a new period is raised again.
   */
  update(alerts: readonly Alert[]): Alert[] {
    const raised: Alert[] = [];
    const holding = new Set<string>();
    for (const alert of alerts) {
      holding.add(alert.condition);
      if (this.seen.has(alert.id)) continue;
      this.remember(alert.id);
      if (!this.holding.has(alert.condition)) raised.push(alert);
    }
    this.holding = holding;
    return raised;
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size <= RAISED_ALERT_IDS_CAP) return;
    const oldest = this.seen.values().next().value;
    if (oldest !== undefined) this.seen.delete(oldest);
  }
}
