// OTLP log records -> TelemetryEvents.
//
// Claude Code events are log records whose body is `claude_code.<name>` and whose `event.name`
// attribute is `<name>` (the OTLP eventName field is not set). Names are matched on the
// attribute first, then eventName, then the body. Numbers and booleans are coerced because
// several arrive as strings. Negative or non-finite costs, tokens and durations are refused like
// the metrics' (partial success), never counted.
import type { ExportLogsServiceRequest, LogRecord } from '../otlp/types.js';
import { anyValueText, asBool, asName, asNumber, asString, flattenAttributes, nanosToMillis, plausibleTime } from './attributes.js';
import type { Attrs, EventDetail, Field, LogsBatch, Rejection, TelemetryEvent } from './model.js';
import { MAX_COST_USD_PER_POINT, MAX_TOKENS_PER_POINT } from './metrics.js';
import { bucketQuerySource } from './querySource.js';
import { isClaudeCode, LabelsPerRequest, sessionIdOf } from './session.js';
import { MAX_NAME_CHARS, safeText, WireTextOriginals } from './wireText.js';

export const CLAUDE_CODE_EVENTS: ReadonlySet<string> = new Set([
  'user_prompt',
  'assistant_response',
  'api_request',
  'api_error',
  'api_retries_exhausted',
  'api_refusal',
  'api_request_body',
  'api_response_body',
  'tool_decision',
  'tool_result',
  'permission_mode_changed',
  'auth',
  'mcp_server_connection',
  'internal_error',
  'plugin_installed',
  'plugin_loaded',
  'skill_activated',
  'at_mention',
  'hook_registered',
  'hook_execution_start',
  'hook_execution_complete',
  'hook_plugin_metrics',
  'compaction',
  'subagent_completed',
  'feedback_survey',
  'retention_sweep',
  'managed_settings_resolved',
  'system_prompt',
]);

const BODY_PREFIX = 'claude_code.';

/** Attributes on every record (identity, environment): never "telling" in the event log. */
const STANDARD_ATTRIBUTES: ReadonlySet<string> = new Set([
  'user.id',
  'session.id',
  'ccr.session.id',
  'organization.id',
  'user.email',
  'user.account_uuid',
  'user.account_id',
  'user.groups',
  'identity.source',
  'terminal.type',
  'app.version',
  'app.entrypoint',
  'event.name',
  'event.timestamp',
  'event.sequence',
  'prompt.id',
  'message.uuid',
  'anthropic.provider',
  'anthropic.custom_base_url',
  'anthropic.plan',
  'anthropic.seat_type',
  'workspace.host_paths',
  'workflow.run_id',
]);

/**
 * Attributes that carry the user's own text or code. Claude Code only sends real content when the
 * user opted in on its side (OTEL_LOG_USER_PROMPTS=1 and friends); cc-top still keeps it out of
 * its store unless `--keep-prompts`.
 */
export const CONTENT_ATTRIBUTES: ReadonlySet<string> = new Set([
  'prompt',
  'prompt_text',
  'response',
  'body',
  'system_prompt',
  'tool_input',
  'tool_parameters',
  'managed_settings.settings',
]);

/** Attributes kept for an event's detail view, and the longest value kept there. */
export const MAX_EVENT_ATTRIBUTES = 32;
export const MAX_EVENT_VALUE_CHARS = 512;
/** Longest prompt or response text kept with --keep-prompts. */
export const MAX_PROMPT_CHARS = 2_048;
/** Longest duration believed (a day): a bigger one is garbage, not a slow request. */
export const MAX_DURATION_MS = 86_400_000;

export interface InterpretLogsOptions {
  keepPrompts: boolean;
  /** Receive time, for records that carry no (plausible) timestamp. */
  nowMs: number;
}

function eventNameOf(record: LogRecord, attrs: Attrs, originals: WireTextOriginals): { name: string; known: boolean } {
  const fromAttr = asName(attrs.get('event.name')) ?? (record.eventName ? safeText(record.eventName, MAX_NAME_CHARS, originals) : undefined);
  const body = anyValueText(record.body, MAX_NAME_CHARS, originals);
  const fromBody = body?.startsWith(BODY_PREFIX) ? body.slice(BODY_PREFIX.length) : undefined;
  const name = fromAttr?.startsWith(BODY_PREFIX) ? fromAttr.slice(BODY_PREFIX.length) : (fromAttr ?? fromBody);
  if (name) return { name, known: CLAUDE_CODE_EVENTS.has(name) };
  return { name: body ? body.slice(0, 60) : 'log', known: false };
}

function timeOf(record: LogRecord, attrs: Attrs, nowMs: number): number {
  const iso = asString(attrs.get('event.timestamp'));
  const candidates = [iso ? Date.parse(iso) : undefined, nanosToMillis(record.timeUnixNano), nanosToMillis(record.observedTimeUnixNano)];
  for (const t of candidates) {
    const ok = plausibleTime(t, nowMs);
    if (ok !== undefined) return ok;
  }
  return nowMs;
}

/** Thrown inside detailOf for a value no Claude Code sends: the record is refused. */
class BadValue extends Error {}

/** A number attribute that must be absent or within [0, max]. */
function bounded(attrs: Attrs, key: string, max: number): number | undefined {
  const raw = attrs.get(key);
  if (raw === undefined) return undefined;
  const n = asNumber(raw);
  if (n === undefined || n < 0 || n > max) throw new BadValue(`${key} must be a number from 0 to ${max}, got ${String(raw).slice(0, 40)}`);
  return n;
}

function detailOf(name: string, attrs: Attrs): EventDetail {
  const model = asName(attrs.get('model')) ?? 'unknown';
  switch (name) {
    case 'api_request': {
      // cost_usd is the precise figure (the metric carries the same double); micros is rounded.
      const usd = bounded(attrs, 'cost_usd', MAX_COST_USD_PER_POINT);
      const micros = bounded(attrs, 'cost_usd_micros', MAX_COST_USD_PER_POINT * 1e6);
      const costNanos = usd !== undefined ? Math.round(usd * 1e9) : Math.round((micros ?? 0) * 1e3);
      const tokens = (key: string) => Math.round(bounded(attrs, key, MAX_TOKENS_PER_POINT) ?? 0);
      return {
        type: 'api_request',
        model,
        costNanos,
        tokens: { input: tokens('input_tokens'), output: tokens('output_tokens'), cacheRead: tokens('cache_read_tokens'), cacheCreation: tokens('cache_creation_tokens') },
        durationMs: bounded(attrs, 'duration_ms', MAX_DURATION_MS),
        ttftMs: bounded(attrs, 'ttft_ms', MAX_DURATION_MS),
        querySource: bucketQuerySource(asString(attrs.get('query_source'))),
      };
    }
    case 'api_error':
      return {
        type: 'api_error',
        model,
        statusCode: asNumber(attrs.get('status_code')),
        error: asString(attrs.get('error')),
        durationMs: bounded(attrs, 'duration_ms', MAX_DURATION_MS),
        attempt: asNumber(attrs.get('attempt')),
      };
    case 'user_prompt':
      return { type: 'user_prompt', promptLength: asNumber(attrs.get('prompt_length')) };
    case 'tool_decision':
      return { type: 'tool_decision', toolName: asName(attrs.get('tool_name')) ?? 'unknown', decision: asString(attrs.get('decision')) ?? 'unknown', source: asString(attrs.get('source')) };
    case 'tool_result':
      return {
        type: 'tool_result',
        toolName: asName(attrs.get('tool_name')) ?? 'unknown',
        success: asBool(attrs.get('success')) ?? true,
        durationMs: bounded(attrs, 'duration_ms', MAX_DURATION_MS),
        errorType: asString(attrs.get('error_type')),
      };
    default:
      return { type: 'other' };
  }
}

const TELLING_FIELDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['api_request', ['model', 'cost_usd', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'duration_ms', 'ttft_ms', 'query_source']],
  ['api_error', ['model', 'status_code', 'error', 'attempt', 'duration_ms']],
  ['api_retries_exhausted', ['model', 'status_code', 'total_attempts', 'total_retry_duration_ms']],
  ['api_refusal', ['model', 'category']],
  ['tool_result', ['tool_name', 'success', 'duration_ms', 'error_type']],
  ['tool_decision', ['tool_name', 'decision', 'source']],
  ['user_prompt', ['prompt_length', 'command_name']],
  ['assistant_response', ['model', 'response_length']],
]);

const PROMPT_TEXT_KEYS = ['prompt_text', 'prompt', 'response'] as const;

const fieldValue = (v: string | number | boolean, max: number) => (typeof v === 'string' ? v.slice(0, max) : v);

/** The event line's fields, and everything else worth seeing when it is opened. */
function fieldsOf(name: string, attrs: Attrs, resource: Attrs, keepPrompts: boolean): { fields: Field[]; attributes: Field[] } {
  const listed = TELLING_FIELDS.get(name);
  const fields: Field[] = [];
  const attributes: Field[] = [];
  const shown = new Set<string>();
  for (const k of listed ?? []) {
    const v = attrs.get(k);
    if (v !== undefined) {
      fields.push([k, fieldValue(v, MAX_EVENT_VALUE_CHARS)]);
      shown.add(k);
    }
  }
  for (const [k, v] of attrs) {
    if (shown.has(k) || STANDARD_ATTRIBUTES.has(k) || CONTENT_ATTRIBUTES.has(k) || resource.has(k)) continue;
    // Unknown events show their first few attributes on the line; every event shows the rest when opened.
    if (!listed && fields.length < 8 && !k.startsWith('vcs.')) fields.push([k, fieldValue(v, MAX_EVENT_VALUE_CHARS)]);
    else if (attributes.length < MAX_EVENT_ATTRIBUTES) attributes.push([k, fieldValue(v, MAX_EVENT_VALUE_CHARS)]);
  }
  if (keepPrompts) {
    // prompt and prompt_text carry the same text: kept once.
    const text = PROMPT_TEXT_KEYS.map((k) => attrs.get(k)).find((v): v is string => typeof v === 'string' && v !== '<REDACTED>');
    if (text !== undefined) fields.push([name === 'assistant_response' ? 'response' : 'prompt', text.slice(0, MAX_PROMPT_CHARS)]);
  }
  return { fields, attributes };
}

function identityOf(sessionId: string | undefined, name: string, record: LogRecord, attrs: Attrs): string {
  const seq = attrs.get('event.sequence');
  const stamp = `${record.timeUnixNano ?? ''}|${asString(attrs.get('event.timestamp')) ?? ''}`;
  const head = `${sessionId ?? ''}|${name}|${stamp}`;
  if (seq !== undefined) return `${head}|${String(seq)}`;
  return `${head}|${fnv1a(JSON.stringify([...attrs]) + (anyValueText(record.body) ?? ''))}`;
}

/** 32-bit FNV-1a, enough to tell apart records that share a session, name and timestamp. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

export function interpretLogs(request: ExportLogsServiceRequest, options: InterpretLogsOptions): LogsBatch {
  const events: TelemetryEvent[] = [];
  const rejected = new Map<string, number>();
  const originals = new WireTextOriginals();
  const labels = new LabelsPerRequest();
  let foreign = 0;
  for (const rl of request.resourceLogs ?? []) {
    const resource = flattenAttributes(rl.resource?.attributes, originals);
    for (const sl of rl.scopeLogs ?? []) {
      if (!isClaudeCode(sl.scope?.name, resource)) {
        foreign += sl.logRecords?.length ?? 0;
        continue;
      }
      for (const record of sl.logRecords ?? []) {
        const attrs = flattenAttributes(record.attributes, originals);
        const { name, known } = eventNameOf(record, attrs, originals);
        let detail: EventDetail;
        try {
          detail = detailOf(name, attrs);
        } catch (err) {
          if (!(err instanceof BadValue)) throw err;
          const reason = `${name}: ${err.message}`;
          rejected.set(reason, (rejected.get(reason) ?? 0) + 1);
          continue;
        }
        const sessionId = sessionIdOf(attrs, resource);
        const sequence = asNumber(attrs.get('event.sequence'));
        const promptId = asName(attrs.get('prompt.id'));
        events.push({
          name,
          known,
          timeMs: timeOf(record, attrs, options.nowMs),
          sessionId,
          ...(sequence !== undefined ? { sequence } : {}),
          ...(promptId ? { promptId } : {}),
          identity: identityOf(sessionId, name, record, attrs),
          detail,
          ...fieldsOf(name, attrs, resource, options.keepPrompts),
          labels: labels.of(sessionId, attrs, resource),
        });
      }
    }
  }
  const rejectedList: Rejection[] = [...rejected].map(([reason, count]) => ({ reason, count }));
  return { events, rejected: rejectedList, foreign, originals: originals.entries };
}
