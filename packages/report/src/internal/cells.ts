/**
 * Plain-text cell contents shared by the Markdown, HTML and terminal renderers (not escaped:
 * each renderer escapes for its own format).
 */
import { formatNumber, formatP } from '../format.js';
import type { DatasetSummary, Mark, ModelRow, PairTest, RunSummary, TaskComparison } from '../summary.js';

/** `ok`, `2/3 folds ok (1 timeout)`, `failed (2 error, 1 timeout)`, `skipped`. */
export function statusText(r: ModelRow): string {
  const bad = [r.folds.error ? `${r.folds.error} error` : '', r.folds.timeout ? `${r.folds.timeout} timeout` : '', r.folds.skipped ? `${r.folds.skipped} skipped` : '']
    .filter(Boolean)
    .join(', ');
  if (r.status === 'ok') return 'ok';
  if (r.status === 'skipped') return 'skipped';
  if (r.status === 'failed') return `failed (${bad})`;
  return `${r.folds.ok}/${r.folds.total} folds ok (${bad})`;
}

/**
 * What a metric or time cell shows for a model none of whose folds finished: not `n/a`, which
 * means the model cannot give that metric.
 */
export const NOT_RUN = '—';

/** True when at least one fold of the model finished, so its cells hold numbers or `n/a`. */
export function hasScores(r: ModelRow): boolean {
  return r.folds.ok > 0;
}

/** Symbol and word of a comparison: `▲ better`, `▼ worse`, `= same`. */
export function markText(t: PairTest | null, self: boolean): string {
  if (self) return '—';
  if (!t) return '';
  if (t.mark === null) return 'n/a';
  const pp = `p ${formatP(t.pValue)}`;
  if (t.mark === 'better') return `▲ better (${pp})`;
  if (t.mark === 'worse') return `▼ worse (${pp})`;
  return `= no diff. (${pp})`;
}

/** Mark of a Wilcoxon comparison across datasets (Holm-adjusted p). */
export function wilcoxonMarkText(w: { mark: Mark | null; pHolm: number | null } | undefined, self: boolean): string {
  if (self) return '—';
  if (!w || w.mark === null) return 'n/a';
  const word = w.mark === 'worse' ? '▼ worse' : w.mark === 'better' ? '▲ better' : '= no diff.';
  return `${word} (p ${formatP(w.pHolm)})`;
}

/** `3 / 1 / 0`: significant wins, ties, losses against the other models. */
export function wtlText(r: ModelRow): string {
  if (r.rank === null) return '';
  return `${r.wins} / ${r.ties} / ${r.losses}`;
}

/** Title line of a dataset: `iris — classification, 150 rows × 4 features, 3 classes`. */
export function datasetFacts(d: DatasetSummary): string {
  const parts: string[] = [d.task];
  if (d.rows !== null && d.features !== null) parts.push(`${d.rows} rows × ${d.features} features`);
  if (d.classes) parts.push(`${d.classes.length} classes`);
  if (d.splits > 0) parts.push(`${d.splits} split${d.splits === 1 ? '' : 's'} of ~${Math.round(d.nTrain)} train / ${Math.round(d.nTest)} test rows`);
  return parts.join(', ');
}

/** Friedman / Iman–Davenport / Nemenyi line of a comparison. */
export function friedmanText(c: TaskComparison): string {
  if (!c.friedman) return '';
  const f = c.friedman;
  const p = (x: number) => (x < 0.001 ? 'p < 0.001' : `p = ${x.toFixed(3)}`);
  let s = `Friedman χ² = ${formatNumber(f.chiSquare, 2)} (df ${f.df}, ${p(f.pValue)}); Iman–Davenport F = ${formatNumber(f.imanDavenportF, 2)} (df ${f.df1}, ${f.df2}, ${p(f.imanDavenportP)})`;
  if (c.criticalDifference !== null) s += `; Nemenyi critical difference CD = ${formatNumber(c.criticalDifference, 2)} at α = ${c.alpha}`;
  return s + '.';
}

/** The one-line run description under the title. */
export function countsText(s: RunSummary): string {
  const c = s.counts;
  const parts = [`${c.jobs} jobs`, `${c.ok} ok`];
  if (c.error) parts.push(`${c.error} failed`);
  if (c.timeout) parts.push(`${c.timeout} timed out`);
  if (c.skipped) parts.push(`${c.skipped} skipped`);
  return `${s.datasets.length} dataset${s.datasets.length === 1 ? '' : 's'}, ${new Set(s.datasets.flatMap((d) => d.models.map((m) => m.label))).size} models, ${parts.join(', ')}`;
}

/** All model labels in the run, ordered by their best rank (then name). */
export function allLabels(s: RunSummary): string[] {
  const best = new Map<string, number>();
  for (const d of s.datasets) for (const m of d.models) best.set(m.label, Math.min(best.get(m.label) ?? Infinity, m.rank ?? Infinity));
  return [...best.keys()].sort((a, b) => {
    const ra = meanRankAcross(s, a);
    const rb = meanRankAcross(s, b);
    return ra - rb || a.localeCompare(b);
  });
}

/** Mean of the model's per-dataset ranks (missing datasets count as last). */
function meanRankAcross(s: RunSummary, label: string): number {
  let sum = 0;
  for (const d of s.datasets) {
    const r = d.models.find((m) => m.label === label)?.rank;
    sum += r ?? d.models.length + 1;
  }
  return sum / Math.max(1, s.datasets.length);
}

/** Environment as label/value pairs. */
export function environmentPairs(s: RunSummary): Array<[string, string]> {
  const e = s.environment;
  if (!e) return [['run.json', 'missing']];
  const out: Array<[string, string]> = [
    ['Command line', e.commandLine],
    ['Suite', e.suiteName],
    ['Seed', String(e.seed)],
    ['Started', e.startedAt],
  ];
  if (e.finishedAt) out.push(['Finished', e.finishedAt]);
  const m = e.machine;
  if (m) {
    out.push(['Processor', `${m.cpuModel} (${m.cpus} cores)`]);
    out.push(['Machine', `${m.platform} ${m.arch}, ${m.memoryGiB} GiB memory, Node ${m.node}`]);
  }
  const backends = [...new Set(s.datasets.flatMap((d) => d.models.map((r) => r.backend)).filter((b): b is string => !!b))];
  if (backends.length) out.push(['Backends', backends.join(', ')]);
  for (const [k, v] of Object.entries(e.versions ?? {})) out.push([`Version: ${k}`, v]);
  return out;
}
