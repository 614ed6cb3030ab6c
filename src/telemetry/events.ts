// OTLP log records -> TelemetryEvents.
//
// Claude Code events are log records whose body is `claude_code.<name>` and whose `event.name`
// attribute is `<name>` (the OTLP eventName field is not set). Names are matched on the
// attribute first, then eventName, then the body. Numbers and booleans are coerced because
// several arrive as strings.
import type { ExportLogsServiceRequest, LogRecord } from '../otlp/types.js';
import {
  anyValueText,
  asBool,
  asNumber,
  asString,
  flattenAttributes,
  nanosToMillis,
  type Attrs,
  type AttrValue,
} from './attributes.js';
import type { EventDetail, LogsBatch, TelemetryEvent } from './model.js';
import { LabelsOncePerSession, sessionIdOf } from './session.js';
import { bucketQuerySource } from './querySource.js';
import { ownValue, setOwn } from './wireKeys.js';

export const CLAUDE_CODE_EVENTS = new Set([
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
const STANDARD_ATTRIBUTES = new Set([
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
 * user opted in on its side; cc-top still keeps it out of its store unless `--keep-prompts`.
 */
export const CONTENT_ATTRIBUTES = new Set([
  'prompt',
  'prompt_text',
  'response',
  'body',
  'system_prompt',
  'tool_input',
  'tool_parameters',
  'managed_settings.settings',
]);

const MAX_OTHER_FIELDS = 8;

export interface InterpretLogsOptions {
  keepPrompts: boolean;
  /** Receive time, for records that carry no timestamp at all. */
  nowMs: number;
}

function eventNameOf(record: LogRecord, attrs: Attrs): { name: string; known: boolean } {
  const fromAttr = asString(attrs['event.name']) ?? (record.eventName || undefined);
  const body = anyValueText(record.body);
  const fromBody = body?.startsWith(BODY_PREFIX) ? body.slice(BODY_PREFIX.length) : undefined;
  const name = fromAttr?.startsWith(BODY_PREFIX) ? fromAttr.slice(BODY_PREFIX.length) : (fromAttr ?? fromBody);
  if (name) return { name, known: CLAUDE_CODE_EVENTS.has(name) };
  return { name: body ? body.slice(0, 60) : 'log', known: false };
}

function timeOf(record: LogRecord, attrs: Attrs, nowMs: number): number {
  const iso = asString(attrs['event.timestamp']);
  const parsed = iso ? Date.parse(iso) : NaN;
  if (Number.isFinite(parsed)) return parsed;
  return nanosToMillis(record.timeUnixNano) ?? nanosToMillis(record.observedTimeUnixNano) ?? nowMs;
}

const num = (attrs: Attrs, key: string): number => asNumber(attrs[key]) ?? 0;
const optNum = (attrs: Attrs, key: string): number | undefined => asNumber(attrs[key]);

function detailOf(name: string, attrs: Attrs): EventDetail {
  const model = asString(attrs['model']) ?? 'unknown';
  switch (name) {
    case 'api_request': {
      const micros = asNumber(attrs['cost_usd_micros']);
      const usd = asNumber(attrs['cost_usd']);
      // cost_usd is the precise figure (the metric carries the same double); micros is rounded.
      const costNanos = usd !== undefined ? Math.round(usd * 1e9) : Math.round((micros ?? 0) * 1e3);
      return {
        type: 'api_request',
        model,
        costNanos,
        tokens: {
          input: num(attrs, 'input_tokens'),
          output: num(attrs, 'output_tokens'),
          cacheRead: num(attrs, 'cache_read_tokens'),
          cacheCreation: num(attrs, 'cache_creation_tokens'),
        },
        durationMs: optNum(attrs, 'duration_ms'),
        ttftMs: optNum(attrs, 'ttft_ms'),
        querySource: bucketQuerySource(asString(attrs['query_source'])),
      };
    }
    case 'api_error':
      return {
        type: 'api_error',
        model,
        statusCode: optNum(attrs, 'status_code'),
        error: asString(attrs['error']),
        durationMs: optNum(attrs, 'duration_ms'),
        attempt: optNum(attrs, 'attempt'),
      };
    case 'user_prompt':
      return { type: 'user_prompt', promptLength: optNum(attrs, 'prompt_length') };
    case 'tool_decision':
      return {
        type: 'tool_decision',
        toolName: asString(attrs['tool_name']) ?? 'unknown',
        decision: asString(attrs['decision']) ?? 'unknown',
        source: asString(attrs['source']),
      };
    case 'tool_result':
      return {
        type: 'tool_result',
        toolName: asString(attrs['tool_name']) ?? 'unknown',
        success: asBool(attrs['success']) ?? true,
        durationMs: optNum(attrs, 'duration_ms'),
        errorType: asString(attrs['error_type']),
      };
    default:
      return { type: 'other' };
  }
}

function pick(attrs: Attrs, keys: string[]): Attrs {
  const out: Attrs = {};
  for (const k of keys) {
    const v = attrs[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

const TELLING_FIELDS: Record<string, string[]> = {
  api_request: ['model', 'cost_usd', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'duration_ms', 'ttft_ms', 'query_source'],
  api_error: ['model', 'status_code', 'error', 'attempt', 'duration_ms'],
  api_retries_exhausted: ['model', 'status_code', 'total_attempts', 'total_retry_duration_ms'],
  api_refusal: ['model', 'category'],
  tool_result: ['tool_name', 'success', 'duration_ms', 'error_type'],
  tool_decision: ['tool_name', 'decision', 'source'],
  user_prompt: ['prompt_length', 'command_name'],
  assistant_response: ['model', 'response_length'],
};

function tellingFields(name: string, attrs: Attrs, resource: Attrs, keepPrompts: boolean): Attrs {
  const listed = ownValue(TELLING_FIELDS, name);
  const fields: Attrs = listed ? pick(attrs, listed) : {};
  if (!listed) {
    let n = 0;
    for (const [k, v] of Object.entries(attrs)) {
      if (n >= MAX_OTHER_FIELDS) break;
      if (STANDARD_ATTRIBUTES.has(k) || CONTENT_ATTRIBUTES.has(k) || Object.hasOwn(resource, k) || k.startsWith('vcs.')) continue;
      setOwn(fields, k, v);
      n++;
    }
  }
  if (keepPrompts) {
    for (const k of ['prompt', 'prompt_text', 'response']) {
      const v = attrs[k];
      if (typeof v === 'string' && v !== '<REDACTED>') fields[k] = v;
    }
  }
  return fields;
}

function identityOf(sessionId: string, name: string, record: LogRecord, attrs: Attrs): string {
  const seq = attrs['event.sequence'];
  const stamp = `${record.timeUnixNano ?? ''}|${asString(attrs['event.timestamp']) ?? ''}`;
  if (seq !== undefined) return `${sessionId}|${name}|${stamp}|${String(seq)}`;
  return `${sessionId}|${name}|${stamp}|${fnv1a(JSON.stringify(attrs) + (anyValueText(record.body) ?? ''))}`;
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
  const labels = new LabelsOncePerSession();
  for (const rl of request.resourceLogs ?? []) {
    const resource = flattenAttributes(rl.resource?.attributes);
    for (const sl of rl.scopeLogs ?? []) {
      for (const record of sl.logRecords ?? []) {
        const attrs = flattenAttributes(record.attributes);
        const { name, known } = eventNameOf(record, attrs);
        const sessionId = sessionIdOf(attrs, resource);
        const sequence = asNumber(attrs['event.sequence'] as AttrValue | undefined);
        const promptId = asString(attrs['prompt.id']);
        events.push({
          name,
          known,
          timeMs: timeOf(record, attrs, options.nowMs),
          sessionId,
          ...(sequence !== undefined ? { sequence } : {}),
          ...(promptId ? { promptId } : {}),
          identity: identityOf(sessionId, name, record, attrs),
          detail: detailOf(name, attrs),
          fields: tellingFields(name, attrs, resource, options.keepPrompts),
          attrs,
          resource,
          labels: labels.labels(sessionId, attrs, resource),
        });
      }
    }
  }
  // No log record is refused: anything that decodes is at worst an unknown event.
  return { events, rejected: [] };
}
