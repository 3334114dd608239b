/**
 * Every sentence and word the reports say, shared by the Markdown, HTML and terminal renderers:
 * the summary (`summary.ts`) holds numbers and structured verdicts, and this module puts them
 * into words. Plain text, not escaped: each renderer escapes for its own format.
 */
import { bayesDatasetText, bayesTaskText } from './bayes-words.js';
import { formatNumber, formatP, formatStat, metricTitle } from './format.js';
import type { DatasetSummary, FailureReason, ModelRow, RunSummary, TaskComparison, WilcoxonVsBest } from './types.js';

/** How one comparison cell reads, and the kind of mark it is (renderers style by kind). */
export interface MarkWords {
  /** `▲ better`, `▼ worse`, `= not sig.`, `= tied for best`, `≈ too variable`, `no test`. */
  word: string;
  /** The p-value as shown, or null when there is none to show. */
  p: string | null;
  /** What kind of outcome it is. */
  kind: 'better' | 'worse' | 'same' | 'tie' | 'variable' | 'untested';
}

/**
 * The mark of a model against the best or the baseline on its dataset, in words. `= not sig.`
 * (not significantly different) is kept apart from a tie (the same mean) and from `≈ too
 * variable` (at least as far from the reference as a model that is significantly different,
 * so "not significant" would read against the ranking).
 *
 * @param d - The dataset.
 * @param r - The model (not the reference itself).
 * @param against - Which comparison.
 */
export function pairMark(d: DatasetSummary, r: ModelRow, against: 'best' | 'baseline'): MarkWords {
  const t = against === 'best' ? r.vsBest : r.vsBaseline;
  const p = t && t.pValue !== null ? formatP(t.pValue) : null;
  if (against === 'best' && d.verdict.best.includes(r.label)) return { word: '= tied for best', p: null, kind: 'tie' };
  if (!t || t.mark === null) return { word: 'no test', p: null, kind: 'untested' };
  if (t.mark === 'better') return { word: '▲ better', p, kind: 'better' };
  if (t.mark === 'worse') return { word: '▼ worse', p, kind: 'worse' };
  const b = d.verdict.vsBaseline;
  const variable = against === 'best' ? d.verdict.vsBest.tooVariable : [...(b?.above.tooVariable ?? []), ...(b?.below.tooVariable ?? [])];
  if (variable.includes(r.label)) return { word: '≈ too variable', p, kind: 'variable' };
  return { word: '= not sig.', p, kind: 'same' };
}

/** `▲ better (p 0.012)`: a mark with its p-value, as one cell. */
export function markCell(m: MarkWords): string {
  return m.p === null ? m.word : `${m.word} (p ${m.p})`;
}

/**
 * Mark of a Wilcoxon comparison across datasets (Holm-adjusted p). A test that could not reach α
 * with this many datasets says what it needs instead of "not significant".
 *
 * @param c - The comparison.
 * @param w - The model's test, undefined for a model without one.
 * @param self - True for the best-ranked model itself.
 */
export function wilcoxonMark(c: TaskComparison, w: WilcoxonVsBest | undefined, self: boolean): MarkWords {
  if (self) return { word: '—', p: null, kind: 'tie' };
  if (!w || w.mark === null) return { word: 'no test', p: null, kind: 'untested' };
  const p = formatP(w.pHolm);
  if (w.mark === 'worse') return { word: '▼ worse', p, kind: 'worse' };
  if (w.mark === 'better') return { word: '▲ better', p, kind: 'better' };
  if (!w.reachable) {
    const word = c.datasets.length < c.wilcoxonMinDatasets ? `needs ≥ ${c.wilcoxonMinDatasets} datasets` : `cannot reach α = ${c.alpha}`;
    return { word, p, kind: 'untested' };
  }
  return { word: '= not sig.', p, kind: 'same' };
}

/** A failure reason's message, or what to show when the runner recorded none. */
export function reasonText(x: FailureReason): string {
  return x.message ?? `${x.status} (no message recorded)`;
}

/** `p < 0.001` or `p = 0.012`. */
function pEquals(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/** Iman–Davenport F with 2 decimals; null in the summary means infinite (identical rankings). */
function fText(f: number | null): string {
  return f === null ? '∞' : formatNumber(f, 2);
}

/** `is` / `are` for a list of names. */
function be(items: readonly string[]): string {
  return items.length === 1 ? 'is' : 'are';
}

/** Labels with their score on the primary metric: `cart (−1.070 ± 0.688)`. */
function withScores(d: DatasetSummary, labels: readonly string[]): string[] {
  return labels.map((l) => `${l} (${formatStat(d.models.find((m) => m.label === l)?.metrics[d.primaryMetric])})`);
}

/**
 * The sentence under a dataset's heading: who is best (ties said as ties), how the others compare
 * with it, how they compare with the baseline, and what did not finish.
 *
 * @param d - The dataset.
 * @param alpha - The run's significance level.
 * @returns Plain text.
 */
export function datasetVerdictText(d: DatasetSummary, alpha: number): string {
  const v = d.verdict;
  const title = metricTitle(d.primaryMetric);
  const ranked = d.models.filter((r) => r.rank !== null);
  const test = `corrected resampled t-test, α = ${alpha}`;
  const parts: string[] = [];
  const top = ranked[0];
  if (!top) {
    parts.push(`No model produced a ${title} on ${d.name}.`);
  } else if (ranked.length === 1) {
    // "Only" only when others were run and did not finish; a run of one model is no failure.
    const stat = `${title} ${formatStat(top.metrics[d.primaryMetric])}`;
    parts.push(d.models.length === 1 ? `${top.label} was the only model run (${stat}).` : `Only ${top.label} finished (${stat}).`);
  } else {
    const score = `${title} ${formatStat(top.metrics[d.primaryMetric])}`;
    let s = v.best.length > 1 ? `${listWords(v.best)} tie for best (${score})` : `${top.label} is best (${score})`;
    const g = v.vsBest;
    if (v.best.length === ranked.length) {
      s += '.';
    } else if (v.untestable === 'single-split') {
      s += '; with a single split, no significance test is possible.';
    } else if (v.untestable === 'too-few-paired-folds') {
      s += '; no other model finished 2 of the folds the best finished, so no significance test is possible.';
    } else if (g.notSignificant.length + g.tooVariable.length + g.untested.length === 0) {
      s += `, significantly better than every other model (${test}).`;
    } else {
      const clauses: string[] = [];
      if (g.notSignificant.length > 0) clauses.push(`the differences to ${listWords(g.notSignificant)} are not significant`);
      if (g.significant.length > 0) clauses.push(`${listWords(g.significant)} ${be(g.significant)} significantly worse`);
      if (g.tooVariable.length > 0) {
        clauses.push(`${listWords(withScores(d, g.tooVariable))} ${g.tooVariable.length === 1 ? 'varies' : 'vary'} too much across folds to tell`);
      }
      if (g.untested.length > 0) clauses.push(`${listWords(g.untested)} could not be tested (fewer than 2 folds paired with the best)`);
      s += `; ${clauses.join(', ')} (${test}).`;
    }
    parts.push(s);
    const b = v.vsBaseline;
    if (b && d.baseline !== null) {
      const order = (labels: string[]): string[] => ranked.map((r) => r.label).filter((l) => labels.includes(l));
      // A model with the baseline's very mean (boosting predicting the majority class on a
      // small file) ties with it: said as a tie, not as "does not significantly beat".
      const baseMean = ranked.find((r) => r.label === d.baseline)?.metrics[d.primaryMetric]?.mean;
      const tied = ranked.filter((r) => r.label !== d.baseline && r.metrics[d.primaryMetric]?.mean === baseMean).map((r) => r.label);
      if (tied.length > 0) {
        parts.push(`${listWords(tied)} ${tied.length === 1 ? 'ties' : 'tie'} with the ${d.baseline} baseline (${title} ${formatStat(ranked.find((r) => r.label === d.baseline)?.metrics[d.primaryMetric])}).`);
      }
      const notBeating = order([...b.above.notSignificant, ...b.below.notSignificant]).filter((l) => !tied.includes(l));
      if (notBeating.length > 0) parts.push(`${listWords(notBeating)} ${notBeating.length === 1 ? 'does' : 'do'} not significantly beat the ${d.baseline} baseline.`);
      if (b.above.tooVariable.length > 0) {
        const n = b.above.tooVariable.length;
        parts.push(`${listWords(withScores(d, b.above.tooVariable))} ${n === 1 ? 'scores' : 'score'} above the ${d.baseline} baseline but ${n === 1 ? 'varies' : 'vary'} too much across folds to tell whether ${n === 1 ? 'it beats' : 'they beat'} it.`);
      }
      // A model significantly below the baseline is worse than predicting the mean or the
      // majority class: say so, rather than only that it does not beat it.
      if (b.below.significant.length > 0) parts.push(`${listWords(b.below.significant)} ${be(b.below.significant)} significantly worse than the ${d.baseline} baseline.`);
      if (b.below.tooVariable.length > 0) {
        const n = b.below.tooVariable.length;
        parts.push(`${listWords(withScores(d, b.below.tooVariable))} ${n === 1 ? 'scores' : 'score'} below the ${d.baseline} baseline but ${n === 1 ? 'varies' : 'vary'} too much across folds to tell whether ${n === 1 ? 'it is' : 'they are'} worse.`);
      }
    }
    // Whether the differences matter: the Bayesian correlated t-test with the ROPE (issue 13).
    const bayes = bayesDatasetText(d);
    if (bayes) parts.push(bayes);
  }
  if (v.unfinished.length > 0) {
    const desc = v.unfinished.map((l) => {
      const r = d.models.find((m) => m.label === l)!;
      const kinds = [...new Set(r.reasons.map((x) => x.status))].join('/');
      return `${l} (${kinds}, ${r.folds.error + r.folds.timeout} of ${r.folds.total} folds)`;
    });
    parts.push(`Did not finish: ${listWords(desc)}.`);
  }
  if (v.skipped.length > 0) parts.push(`Skipped: ${listWords(v.skipped)}.`);
  return parts.join(' ');
}

/**
 * Why a comparison across datasets is not available.
 *
 * @param c - A comparison with `available: false`.
 * @returns Plain text.
 */
export function unavailableText(c: TaskComparison): string {
  if (c.unavailable === 'too-few-datasets') {
    return `Only ${c.datasets.length} ${c.task} dataset${c.datasets.length === 1 ? '' : 's'} in this run; comparing across datasets needs at least 2.`;
  }
  return `Fewer than 2 models have a ${metricTitle(c.metric)} on every ${c.task} dataset.`;
}

/** Why a model is left out of a comparison: `no Accuracy on iris and wine`. */
export function excludedText(c: TaskComparison, e: TaskComparison['excluded'][number]): string {
  return `no ${metricTitle(c.metric)} on ${listWords(e.missingOn)}`;
}

/**
 * The across-datasets verdict: best mean rank, what the Friedman and Nemenyi tests say, and the
 * limits of few datasets (including a Wilcoxon test that cannot reach α).
 *
 * @param c - The comparison.
 * @returns Plain text; the reason it is unavailable when it is.
 */
export function taskVerdictText(c: TaskComparison): string {
  if (!c.available || !c.verdict) return unavailableText(c);
  const v = c.verdict;
  const n = c.datasets.length;
  const top = c.models.slice(0, bestRankCount(c));
  const s = [
    top.length > 1
      ? `Over ${n} ${c.task} datasets, ${listWords(top)} share the best mean rank (${formatNumber(c.meanRanks[0]!, 2)} of ${c.models.length}).`
      : `Over ${n} ${c.task} datasets, ${c.models[0]} has the best mean rank (${formatNumber(c.meanRanks[0]!, 2)} of ${c.models.length}).`,
  ];
  if (c.friedman && v.modelsDiffer !== null) {
    const f = `Iman–Davenport F = ${fText(c.friedman.imanDavenportF)}, ${pEquals(c.friedman.imanDavenportP)}`;
    if (v.modelsDiffer) {
      s.push(`The Friedman test (${f}) says the models differ.`);
      if (v.nemenyiBeaten !== null && c.criticalDifference !== null) {
        const cd = `CD = ${formatNumber(c.criticalDifference, 2)}`;
        s.push(
          v.nemenyiBeaten.length > 0
            ? `By the Nemenyi test (${cd}), ${listWords(top)} ${top.length > 1 ? 'are' : 'is'} significantly better than ${listWords(v.nemenyiBeaten)}.`
            : `The Nemenyi test (${cd}) cannot separate ${listWords(top)} from any other model.`,
        );
      }
    } else {
      s.push(`The Friedman test (${f}) finds no significant difference among the models.`);
    }
  }
  if (v.lowPower) s.push(`With only ${n} datasets these tests have little power.`);
  if (n < c.wilcoxonMinDatasets && c.wilcoxonVsBest.some((w) => w.mark !== null && !w.reachable)) {
    const m = c.wilcoxonVsBest.filter((w) => w.pValue !== null).length;
    s.push(`The Wilcoxon signed-rank test${m > 1 ? `, Holm-corrected over ${m} comparisons,` : ''} needs at least ${c.wilcoxonMinDatasets} datasets to reach α = ${c.alpha}.`);
  }
  const bayes = bayesTaskText(c);
  if (bayes) s.push(bayes);
  return s.join(' ');
}

/**
 * How many models share the best mean rank across datasets (1 unless tied): the first entries of
 * `c.models`, whose mean ranks equal the first one's (to 1e-9, as rank sums of halves divided by the
 * same count are). A tie is said as a tie ("a and b share the best mean rank"), never "a has the best".
 *
 * @param c - The comparison, models sorted by mean rank.
 * @returns The count, at least 1 when there are models.
 */
export function bestRankCount(c: TaskComparison): number {
  const first = c.meanRanks[0];
  if (first === undefined) return 0;
  let k = 1;
  while (k < c.meanRanks.length && Math.abs(c.meanRanks[k]! - first) <= 1e-9) k++;
  return k;
}

/** Friedman / Iman–Davenport / Nemenyi line of a comparison. */
export function friedmanText(c: TaskComparison): string {
  if (!c.friedman) return '';
  const f = c.friedman;
  let s = `Friedman χ² = ${formatNumber(f.chiSquare, 2)} (df ${f.df}, ${pEquals(f.pValue)}); Iman–Davenport F = ${fText(f.imanDavenportF)} (df ${f.df1}, ${f.df2}, ${pEquals(f.imanDavenportP)})`;
  if (c.criticalDifference !== null) s += `; Nemenyi critical difference CD = ${formatNumber(c.criticalDifference, 2)} at α = ${c.alpha}`;
  return s + '.';
}

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

/**
 * Joins names as prose: `a`, `a and b`, `a, b and c`.
 *
 * @param items - Names (already escaped for the target format if needed).
 * @returns The list in words.
 */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
