import { invalid, requireInteger } from '../core/errors';

/**
 * Service-level objectives of an LLM deployment. Dashboards draw them as thresholds, alerts fire on
 * them and the planner and autoscalers default to them.
 */
export interface SloOptions {
  /**
   * Target time to first token, milliseconds, met by `latencyPercentile` of requests.
   * @default - the planner's `ttftMs` when a planner is set, else 500 (the Dynamo planner's default)
   */
  readonly ttftMs?: number;
  /**
   * Target inter-token latency, milliseconds, met by `latencyPercentile` of requests.
   * @default - the planner's `itlMs` when a planner is set, else 50 (the Dynamo planner's default)
   */
  readonly itlMs?: number;
  /**
   * The percentile the latency targets apply to, in (0, 1): 0.95 means p95 TTFT must stay under `ttftMs`.
   * @default 0.95
   */
  readonly latencyPercentile?: number;
  /**
   * The fraction of requests that must succeed, in (0, 1). Sets the error budget the burn-rate
   * alerts spend: 0.999 allows 0.1 % errors.
   * @default 0.99
   */
  readonly availability?: number;
  /**
   * KV-cache usage (fraction 0–1) above which the cache is near full and requests start to queue or be preempted.
   * @default 0.9
   */
  readonly kvCacheUsageWarning?: number;
  /**
   * Requests waiting in the frontend above which the queue is growing past what the workers drain.
   * @default 10
   */
  readonly queueDepthWarning?: number;
  /**
   * The effective KV-transfer bandwidth, GB/s per worker, below which transfers are taken to run
   * over TCP. RDMA moves 10–50 GB/s per worker; TCP fallback lands at 1–3 GB/s.
   * @default 4
   */
  readonly minKvTransferGBps?: number;
}

/** SLO values with defaults applied. @internal */
export interface ResolvedSlo {
  readonly ttftMs: number;
  readonly itlMs: number;
  readonly latencyPercentile: number;
  readonly availability: number;
  readonly kvCacheUsageWarning: number;
  readonly queueDepthWarning: number;
  readonly minKvTransferGBps: number;
}

/** The Dynamo planner's defaults for `ttft_ms` and `itl_ms` (reference §5.1). @internal */
export const DEFAULT_TTFT_MS = 500;
/** @internal */
export const DEFAULT_ITL_MS = 50;

/**
 * Applies defaults and validates. `fallback` carries the planner's targets when there is one.
 * @internal
 */
export function resolveSlo(prop: string, slo: SloOptions | undefined, fallback: { ttftMs?: number; itlMs?: number } = {}): ResolvedSlo {
  const s = slo ?? {};
  const r: ResolvedSlo = {
    ttftMs: s.ttftMs ?? fallback.ttftMs ?? DEFAULT_TTFT_MS,
    itlMs: s.itlMs ?? fallback.itlMs ?? DEFAULT_ITL_MS,
    latencyPercentile: s.latencyPercentile ?? 0.95,
    availability: s.availability ?? 0.99,
    kvCacheUsageWarning: s.kvCacheUsageWarning ?? 0.9,
    queueDepthWarning: s.queueDepthWarning ?? 10,
    minKvTransferGBps: s.minKvTransferGBps ?? 4,
  };
  requireInteger(`${prop}.ttftMs`, r.ttftMs, 1, 'set the time-to-first-token target in whole milliseconds, e.g. 500', 600_000);
  requireInteger(`${prop}.itlMs`, r.itlMs, 1, 'set the inter-token latency target in whole milliseconds, e.g. 50', 60_000);
  fraction(`${prop}.latencyPercentile`, r.latencyPercentile, 'use e.g. 0.95 for p95 or 0.99 for p99');
  fraction(`${prop}.availability`, r.availability, 'use e.g. 0.99 (1 % error budget) or 0.999');
  fraction(`${prop}.kvCacheUsageWarning`, r.kvCacheUsageWarning, 'use a fraction of the cache such as 0.9');
  requireInteger(`${prop}.queueDepthWarning`, r.queueDepthWarning, 1, 'set the number of queued requests that means the workers fall behind');
  if (!(Number.isFinite(r.minKvTransferGBps) && r.minKvTransferGBps > 0 && r.minKvTransferGBps <= 400)) {
    throw invalid(`${prop}.minKvTransferGBps`, 'must be a bandwidth in GB/s between 0 and 400', r.minKvTransferGBps,
      'use a value between TCP (1–3 GB/s) and your fabric’s RDMA bandwidth per worker, e.g. 4');
  }
  return r;
}

function fraction(prop: string, value: number, fix: string): void {
  if (!(Number.isFinite(value) && value > 0 && value < 1)) throw invalid(prop, 'must be a fraction strictly between 0 and 1', value, fix);
}
