// The shapes of cc-top's settings: imported by the config loader (config.ts) and the config file's
// validation (configSchema.ts) alike, so neither needs the other's module for them.

export interface BudgetSettings {
  dayUsd?: number;
  sessionUsd?: number;
  monthUsd?: number;
}

export interface NotifySettings {
  /** Ring the terminal bell when an alert is raised. */
  bell: boolean;
  /** Ask for a desktop notification (terminal escape, else `command`). */
  desktop: boolean;
  /** A notify-send compatible program (absolute path once loaded), run as `<command> -a cc-top -- <title> <body>`. */
  command?: string;
}

export interface RuleSettings {
  /** api_error share of API calls over the last 5 min that raises an alert (0.2 = 20 %). */
  errorRateThreshold: number;
  /** Cache efficiency over the last hour below which an alert is raised (judged from 100k prompt tokens). */
  cacheEfficiencyMin: number;
  /** Minutes of silence after which a busy session counts as stalled (see stalledSessions.ts). */
  stalledSessionMinutes: number;
}

/** Where to forward what arrives (checked in full where it is used: src/forward/target.ts). */
export interface ForwardConfig {
  url: string;
  protocol?: string;
  /** Header name and value pairs, e.g. authorization. */
  headers?: [string, string][];
  queueMiB?: number;
}

export interface InsightsConfig {
  budgets: BudgetSettings;
  notify: NotifySettings;
  rules: RuleSettings;
  /** Absent: no forwarding configured. */
  forward?: ForwardConfig;
}
