// The Prometheus HTTP API's answers, as valibot schemas: everything a server sends is untrusted,
// and a field that is not what the API documents is named in the error.
import * as v from 'valibot';

/** A sample value: Prometheus sends numbers as strings ("1.5", "NaN", "+Inf"). */
const SampleValue = v.tuple([v.number(), v.string()]);
const LabelSet = v.record(v.string(), v.string());

export const VectorResult = v.array(v.object({ metric: LabelSet, value: SampleValue }));
export const MatrixResult = v.array(v.object({ metric: LabelSet, values: v.array(SampleValue) }));

export const QueryData = v.variant('resultType', [
  v.object({ resultType: v.literal('vector'), result: VectorResult }),
  v.object({ resultType: v.literal('matrix'), result: MatrixResult }),
  v.object({ resultType: v.literal('scalar'), result: SampleValue }),
  v.object({ resultType: v.literal('string'), result: SampleValue }),
]);

/** The envelope of every API answer: `status`, then `data` or `errorType` + `error`. */
export const Envelope = v.variant('status', [
  v.object({ status: v.literal('success'), data: v.unknown(), warnings: v.optional(v.array(v.string())) }),
  v.object({ status: v.literal('error'), errorType: v.optional(v.string()), error: v.optional(v.string()) }),
]);

export const StringList = v.array(v.string());
export const LabelSetList = v.array(LabelSet);
/** /api/v1/status/runtimeinfo: only the retention is read. */
export const RuntimeInfo = v.object({ storageRetention: v.optional(v.string()) });

export type VectorSample = v.InferOutput<typeof VectorResult>[number];
export type MatrixSeries = v.InferOutput<typeof MatrixResult>[number];

/** Where a value failed its schema, as a path a user can read (`data.result[3].value`). */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((p) => (typeof p.key === 'number' ? `[${p.key}]` : `.${String(p.key)}`)).join('') ?? '';
  return path.replace(/^\./, '') || '(top level)';
}
