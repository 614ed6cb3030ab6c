// Where /metrics is served, as printed everywhere (the start line, the header, doctor, `cc-top
// service status`): kept apart from the endpoint so those can say it without loading prom-client.
export const METRICS_PATH = '/metrics';

export function metricsUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}${METRICS_PATH}`;
}
