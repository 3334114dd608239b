/**
 * Escaping and number formatting shared by every output format. Everything that comes from the
 * data (dataset names, model labels, class labels, error messages) passes through one of the
 * escape functions before it reaches a file.
 */
import { METRICS } from '@mlcompare/core';
import type { Stat } from './summary.js';

/**
 * Escapes text for HTML element content and attribute values.
 *
 * @param text - Any string from the data.
 * @returns The text with `& < > " '` replaced by entities.
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Escapes text for GitHub-flavoured Markdown inline content, including table cells: backslash
 * escapes (which CommonMark turns back into the literal character, so a terminal reader still sees
 * nearly the original) for the characters that would start markup or HTML, `|` so a cell cannot
 * split a table row, and line breaks turned into spaces. `_` and `*` between two letters or digits
 * are left alone (they cannot start emphasis there), so `breast_cancer` stays readable.
 *
 * @param text - Any string from the data.
 * @returns Text safe to place in a Markdown paragraph or table cell.
 * @example
 * escapeMarkdown('<script>alert(1)</script>'); // '\\<script\\>alert(1)\\</script\\>'
 */
export function escapeMarkdown(text: string): string {
  const flat = stripControl(text).replace(/\s*[\r\n]+\s*/g, ' ');
  let out = '';
  for (let i = 0; i < flat.length; i++) {
    const c = flat[i]!;
    if (c === '_' || c === '*') {
      const before = flat[i - 1] ?? '';
      const after = flat[i + 1] ?? '';
      out += /[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(after) ? c : '\\' + c;
    } else if ('\\`[]<>|&~#!'.includes(c)) {
      out += '\\' + c;
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Removes control characters (ANSI escape sequences included) so data cannot move the cursor or
 * recolour a terminal; tabs and line breaks become spaces.
 *
 * @param text - Any string from the data.
 * @returns The text without C0/C1 control characters.
 */
export function stripControl(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\t\r\n]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

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

/**
 * Joins names as prose: `a`, `a and b`, `a, b and c`.
 *
 * @param items - Names (already escaped for the target format if needed).
 * @returns The list in words.
 */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
