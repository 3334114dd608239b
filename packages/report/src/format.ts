/**
 * Number formatting and metric facts shared by every output format (no sentences: those are in
 * `words.ts`; escaping is in `escape.ts`).
 */
import { METRICS } from '@mlcompare/core';
import type { Stat } from './types.js';

/**
 * Formats a metric value: 3 decimals below 10, fewer above (RMSE on diabetes is ~55).
 *
 * @param value - The number, or null for "the model cannot give it".
 * @returns The formatted number, or `n/a` for null.
 */
export function formatNumber(value: number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return 'n/a';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const d = digits ?? decimalsFor(value);
  return value.toFixed(d);
}

/** Decimals used for a value of this size. */
function decimalsFor(value: number): number {
  const a = Math.abs(value);
  if (a < 10) return 3;
  if (a < 1000) return 1;
  return 0;
}

/**
 * Formats a mean ± standard deviation with the same decimals for both.
 *
 * @param stat - Mean, population standard deviation and count, or null.
 * @returns `0.953 ± 0.021`, just the mean when there is one value, or `n/a`.
 */
export function formatStat(stat: Stat | null | undefined): string {
  if (!stat) return 'n/a';
  const d = decimalsFor(stat.mean);
  if (stat.n < 2) return formatNumber(stat.mean, d);
  return `${formatNumber(stat.mean, d)} ± ${formatNumber(stat.std, d)}`;
}

/**
 * Formats a duration in milliseconds: `0.42 ms`, `12.3 ms`, `850 ms`, `12.4 s`.
 *
 * @param ms - Milliseconds, or null when not measured.
 * @returns A short human-readable duration, or `n/a`.
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return 'n/a';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Formats a p-value: `< 0.001` below a thousandth, three decimals otherwise.
 *
 * @param p - The p-value, or null when the test could not run.
 * @returns The formatted p-value, or `n/a`.
 */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || Number.isNaN(p)) return 'n/a';
  if (p < 0.001) return '< 0.001';
  return p.toFixed(3);
}

/**
 * Column heading of a metric (`ROC AUC` for `rocAuc`); unknown metrics keep their name.
 *
 * @param metric - Metric name as used in results.
 * @returns Its title.
 */
export function metricTitle(metric: string): string {
  return METRICS[metric]?.title ?? metric;
}

/**
 * Whether a higher value of the metric is better (unknown metrics: assumed higher is better).
 *
 * @param metric - Metric name.
 * @returns True for accuracy-like metrics, false for losses and errors.
 */
export function higherIsBetter(metric: string): boolean {
  return METRICS[metric]?.higherIsBetter ?? true;
}

/**
 * Renders a model's suite parameters as `nNeighbors=15, weights=distance`, or `defaults`.
 *
 * @param params - Parameters given in the suite.
 * @returns A short one-line description (not escaped).
 */
export function formatParams(params: Record<string, unknown>): string {
  const keys = Object.keys(params).sort();
  if (keys.length === 0) return 'defaults';
  return keys
    .map((k) => {
      const v = params[k];
      return `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`;
    })
    .join(', ');
}
