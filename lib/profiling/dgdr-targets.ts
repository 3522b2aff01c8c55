import { DynamoVersion } from '../core/dynamo-version';
import { invalid, requireInteger } from '../core/errors';
import { DgdrSlaOptions, DgdrWorkloadOptions } from './dgdr-props';
import { requireDgdrFact } from './dgdr-releases';

/** The largest int32 (the CRD's `format: int32`). @internal */
export const INT32_MAX = 2 ** 31 - 1;

/** Throws unless `value` is a finite number greater than zero. @internal */
export function requirePositive(prop: string, value: number, fix: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(prop, 'must be a number greater than 0', value, fix);
}

/**
 * `spec.sla`, after the profiler's own rules (`profiler/utils/dgdr_validate.py`, `dgdr_v1beta1_types.py`
 * `SLASpec`): positive targets, `e2eLatency` instead of `ttft` and `itl`, and `optimizationType` only
 * where the operator has it. `ttft` or `itl` alone is written alone: the profiler fills the other with
 * its default (2000 ms TTFT, 30 ms ITL; the operator passes the spec as JSON and omits what is unset).
 * @internal
 */
export function renderSla(sla: DgdrSlaOptions | undefined, version: DynamoVersion, prop = 'sla'): Record<string, unknown> | undefined {
  if (sla === undefined) return undefined;
  for (const key of ['ttft', 'itl', 'e2eLatency'] as const) {
    const value = sla[key];
    if (value !== undefined) requirePositive(`${prop}.${key}`, value, 'give the target in milliseconds, e.g. 500');
  }
  const perToken = (['ttft', 'itl'] as const).filter((k) => sla[k] !== undefined);
  if (sla.e2eLatency !== undefined && perToken.length > 0) {
    const written = perToken.map((k) => `${prop}.${k}`).join(' and ');
    throw invalid(`${prop}.e2eLatency`, `must not be set with ${written}: the profiler takes either ttft and itl or e2eLatency`, sla.e2eLatency,
      `remove ${prop}.e2eLatency, or ${written}`);
  }
  if (sla.optimizationType !== undefined) {
    requireDgdrFact(`${prop}.optimizationType`, version, 'optimizationType', sla.optimizationType.value,
      'Dynamo 1.0 lists it as not implemented and rejects manifests that set it', `remove ${prop}.optimizationType`);
  }
  return { ttft: sla.ttft, itl: sla.itl, e2eLatency: sla.e2eLatency, optimizationType: sla.optimizationType?.value };
}

/** `spec.workload`: token lengths as int32, and a concurrency or a request rate, not both. @internal */
export function renderWorkload(workload: DgdrWorkloadOptions | undefined, prop = 'workload'): Record<string, unknown> | undefined {
  if (workload === undefined) return undefined;
  if (workload.isl !== undefined) requireInteger(`${prop}.isl`, workload.isl, 1, 'give the input length in tokens, e.g. 4000', INT32_MAX);
  if (workload.osl !== undefined) requireInteger(`${prop}.osl`, workload.osl, 1, 'give the output length in tokens, e.g. 1000', INT32_MAX);
  if (workload.concurrency !== undefined) requirePositive(`${prop}.concurrency`, workload.concurrency, 'give the concurrent requests, e.g. 64');
  if (workload.requestRate !== undefined) requirePositive(`${prop}.requestRate`, workload.requestRate, 'give the requests per second, e.g. 10');
  if (workload.concurrency !== undefined && workload.requestRate !== undefined) {
    throw invalid(`${prop}.requestRate`, `must not be set with ${prop}.concurrency: the profiler takes one or the other`, workload.requestRate,
      `remove ${prop}.requestRate or ${prop}.concurrency`);
  }
  return { isl: workload.isl, osl: workload.osl, concurrency: workload.concurrency, requestRate: workload.requestRate };
}
