// The tuner's debug figures from the capture's counters: batch rate over the last
// interval, drops (gaps the page saw, and the worklet's own count), pool use, latency
// and analysis time (latest and worst since the last look), the worklet's process()
// timing and the batches each subsystem skipped.

import type { HubStats } from "../audio/hub";
import type { StatusUpdate } from "../audio/messages";
import { NO_VALUE } from "../monitor/format";

/** The debug view's figures, as shown. */
export interface DebugFigures {
  batchesPerSecond: string;
  dropped: string;
  pool: string;
  latencyMs: string;
  analysisMs: string;
  processMs: string;
  skipped: string;
  /** Percentiles over the recent pitch results, as JSON (a hook for tests and benchmarks). */
  totals: string;
}

/** Pitch results the percentiles look back over. */
const RECENT = 1024;

/** The p50, p95, p99 and max of the first `n` values of `ring`, ms. */
export function percentiles(
  ring: Float64Array,
  n: number,
): { p50: number; p95: number; p99: number; max: number } | null {
  if (n === 0) return null;
  const sorted = Array.from(ring.subarray(0, n)).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(n - 1, Math.floor(q * n))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[n - 1]! };
}

interface Timing {
  last: number;
  worst: number;
}

export class DebugTracker {
  private latency: Timing = { last: Number.NaN, worst: Number.NaN };
  private analysis: Timing = { last: Number.NaN, worst: Number.NaN };
  private lastStatus: StatusUpdate | null = null;
  private lastCount = 0;
  private lastAt: number;
  private readonly recentLatency = new Float64Array(RECENT);
  private readonly recentAnalysis = new Float64Array(RECENT);
  private results = 0;

  constructor(private readonly now: () => number) {
    this.lastAt = now();
  }

  reset(): void {
    this.latency = { last: Number.NaN, worst: Number.NaN };
    this.analysis = { last: Number.NaN, worst: Number.NaN };
    this.lastStatus = null;
    this.lastCount = 0;
    this.lastAt = this.now();
    this.results = 0;
  }

  /** A pitch reading's timing (the latency shown is the pitch subsystem's). */
  pitch(latencyMs: number, analysisMs: number): void {
    note(this.latency, latencyMs);
    note(this.analysis, analysisMs);
    this.recentLatency[this.results % RECENT] = latencyMs;
    this.recentAnalysis[this.results % RECENT] = analysisMs;
    this.results += 1;
  }

  /** A levels reading's analysis time: it counts towards the worst analysis time (the
   *  latency and the latest values shown are the pitch subsystem's). */
  levels(analysisMs: number): void {
    this.analysis.worst = Number.isNaN(this.analysis.worst) ? analysisMs : Math.max(this.analysis.worst, analysisMs);
  }

  status(s: StatusUpdate): void {
    this.lastStatus = s;
  }

  /** The figures now; the worst values and the rate start over. */
  figures(stats: HubStats | null): DebugFigures {
    const at = this.now();
    const batches = stats?.batches ?? 0;
    const seconds = (at - this.lastAt) / 1000;
    const rate = seconds > 0 && batches >= this.lastCount ? (batches - this.lastCount) / seconds : 0;
    this.lastAt = at;
    this.lastCount = batches;
    const s = this.lastStatus;
    const out: DebugFigures = {
      batchesPerSecond: rate.toFixed(1),
      dropped: s ? `${Math.max(s.batches_dropped, stats?.dropped ?? 0)}` : String(stats?.dropped ?? 0),
      pool: s ? `${s.pool_free}/${s.pool_size}${stats?.held ? ` (${stats.held} held)` : ""}` : NO_VALUE,
      latencyMs: timing(this.latency, 0),
      analysisMs: timing(this.analysis, 3),
      processMs: s ? `max ${s.max_process_ms} ms, ${s.over_budget} over` : NO_VALUE,
      skipped: stats ? Object.entries(stats.skipped).map(([k, v]) => `${k} ${v}`).join(", ") : NO_VALUE,
      totals: JSON.stringify({
        results: this.results,
        latencyMs: percentiles(this.recentLatency, Math.min(this.results, RECENT)),
        analysisMs: percentiles(this.recentAnalysis, Math.min(this.results, RECENT)),
        batches: batches,
        dropped: Math.max(s?.batches_dropped ?? 0, stats?.dropped ?? 0),
        maxProcessMs: s?.max_process_ms ?? null,
        overBudget: s?.over_budget ?? null,
        quanta: s?.quanta ?? null,
      }),
    };
    this.latency.worst = this.latency.last;
    this.analysis.worst = this.analysis.last;
    return out;
  }
}

function note(t: Timing, value: number): void {
  t.last = value;
  t.worst = Number.isNaN(t.worst) ? value : Math.max(t.worst, value);
}

function timing(t: Timing, decimals: number): string {
  if (Number.isNaN(t.last)) return NO_VALUE;
  return `${t.last.toFixed(decimals)} (max ${t.worst.toFixed(decimals)})`;
}
