/**
 * `results.csv`: one row per job, for spreadsheets and pandas.
 */
import { METRICS } from '@mlcompare/core';
import type { JobResult } from '@mlcompare/core';
import { isInnerTrial } from './tuning.js';

/**
 * Quotes one CSV field (RFC 4180). Text that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'` (OWASP's CSV-injection advice);
 * numbers are written as they are.
 *
 * @param value - A cell value.
 * @returns The field, quoted when it contains a comma, quote or line break.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  let s = typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Renders one row per job: identity, status and error, every metric seen in the run (empty where
 * the model cannot give it), times, sizes, backend and training-history facts.
 *
 * @param allResults - Lines from `results.jsonl`; inner trials of tuned models are left out.
 * @returns CSV text with a header row, `\n` line ends.
 * @example
 * await writeFile(join(dir, 'results.csv'), renderCsv(results));
 */
export function renderCsv(allResults: readonly JobResult[]): string {
  // Inner trials of tuned models are not the run's jobs (results.jsonl keeps them).
  const results = allResults.filter((r) => !isInnerTrial(r));
  const known = Object.keys(METRICS);
  const seen = new Set<string>();
  for (const r of results) for (const k of Object.keys(r.metrics ?? {})) seen.add(k);
  const metrics = [...known.filter((k) => seen.has(k)), ...[...seen].filter((k) => !known.includes(k)).sort()];
  const head = ['jobId', 'dataset', 'task', 'model', 'className', 'label', 'params', 'repeat', 'fold', 'seed', 'status', 'error', ...metrics, 'fitMs', 'predictMs', 'nTrain', 'nTest', 'backend', 'epochs', 'stopReason', 'finishedAt'];
  const lines = [head.join(',')];
  for (const r of results) {
    const row: unknown[] = [
      r.jobId, r.dataset, r.task, r.model, r.className, r.label, JSON.stringify(r.params ?? {}), r.repeat, r.fold, r.seed, r.status, r.error,
      ...metrics.map((m) => r.metrics?.[m] ?? null),
      r.fitMs, r.predictMs, r.nTrain, r.nTest, r.backend, r.history?.epochs ?? null, r.history?.stopReason ?? null, r.finishedAt,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}
