/**
 * Aggregates a run's jobs into what the reports show: per dataset × model label the mean and
 * population standard deviation of every metric and time, fold counts, failure reasons, ranks
 * by the primary metric, the significance marks, and the comparison across datasets.
 * This is the content of `summary.json`.
 */
import { DEFAULT_METRICS, METRICS } from '@mlcompare/core';
import type { JobResult, JobStatus, RunInfo, Task } from '@mlcompare/core';
import { formatNumber, formatStat, higherIsBetter, listWords, metricTitle } from './format.js';
import { criticalDifference, friedman, holm, pairedTTest, wilcoxon, type FriedmanSummary } from './internal/significance.js';

/** Version of the layout of {@link RunSummary}. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** Mean and population standard deviation (divide by n) of `n` values. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** Outcome of one paired comparison on one dataset. */
export type Mark = 'better' | 'worse' | 'same';

/** A model compared with another on the folds both finished (corrected resampled t-test). */
export interface PairTest {
  /** Label of the other model. */
  against: string;
  /** Mean of (this − other) over the paired folds, in the primary metric's units. */
  meanDiff: number;
  t: number | null;
  pValue: number | null;
  /** Folds both models finished. */
  nPairs: number;
  /** `better` / `worse` at the run's α, `same` otherwise; null when the test cannot run (fewer than 2 paired folds). */
  mark: Mark | null;
}

/** How a model's jobs ended on a dataset, in one word. */
export type RowStatus = 'ok' | 'partial' | 'failed' | 'skipped';

/** One model (label) on one dataset. */
export interface ModelRow {
  label: string;
  model: string;
  className: string;
  params: Record<string, unknown>;
  backend: string | null;
  status: RowStatus;
  folds: { total: number; ok: number; error: number; timeout: number; skipped: number };
  /** Distinct reasons of the jobs that did not finish, with how many folds each. */
  reasons: Array<{ status: Exclude<JobStatus, 'ok'>; message: string; count: number }>;
  /** Metric → statistics over the finished folds, null where the model cannot give it. */
  metrics: Record<string, Stat | null>;
  fitMs: Stat | null;
  predictMs: Stat | null;
  /** Rank by the primary metric (1 = best, ties averaged); null when the model has no value. */
  rank: number | null;
  vsBest: PairTest | null;
  vsBaseline: PairTest | null;
  /** Significant wins, ties and losses against every other model on this dataset. */
  wins: number;
  ties: number;
  losses: number;
  /** Iterative models: epochs run (mean over folds) and the stop reasons seen. */
  epochs: Stat | null;
  stopReasons: string[];
}

/** One dataset's leaderboard and significance. */
export interface DatasetSummary {
  name: string;
  task: Task;
  rows: number | null;
  features: number | null;
  classes: Array<string | number> | null;
  source: string | null;
  /** Mean training and test rows per fold. */
  nTrain: number;
  nTest: number;
  /** Distinct (repeat, fold) splits. */
  splits: number;
  primaryMetric: string;
  /** Metric columns in display order (primary first). */
  metrics: string[];
  /** Sorted by rank; models without a value last. */
  models: ModelRow[];
  best: string | null;
  baseline: string | null;
  /** Column (metric name, `fitMs`, `predictMs`) → labels holding the best mean. */
  bestLabels: Record<string, string[]>;
  /** One sentence saying who won and whether it matters (plain text, not escaped). */
  verdict: string;
}

/** The comparison across the datasets of one task (Demšar 2006). */
export interface TaskComparison {
  task: Task;
  metric: string;
  datasets: string[];
  /** Models compared (those with a value on every dataset), sorted by mean rank. */
  models: string[];
  /** Models left out, with why. */
  excluded: Array<{ label: string; reason: string }>;
  /** Whether there was enough to compare (≥ 2 datasets and ≥ 2 models). */
  available: boolean;
  /** Why not, when not available. */
  reason: string | null;
  /** Per model (same order as `models`): mean rank over datasets (1 = best). */
  meanRanks: number[];
  /** ranks[d][m]: the model's rank on dataset d. */
  ranks: number[][];
  friedman: FriedmanSummary | null;
  alpha: number;
  criticalDifference: number | null;
  /** Groups of models (by label) whose mean ranks differ by less than the critical difference. */
  cliques: string[][];
  /** Each model against the best-ranked one: Wilcoxon signed-rank over datasets, Holm-adjusted. */
  wilcoxonVsBest: Array<{ label: string; pValue: number | null; pHolm: number | null; mark: Mark | null }>;
  verdict: string;
}

/** `summary.json`. */
export interface RunSummary {
  schema: typeof SUMMARY_SCHEMA_VERSION;
  suiteName: string | null;
  /** Significance level used for every mark. */
  alpha: number;
  counts: { jobs: number; ok: number; error: number; timeout: number; skipped: number };
  datasets: DatasetSummary[];
  comparisons: TaskComparison[];
  /** The environment: run.json without the resolved suite (null when there is none). */
  environment: Omit<RunInfo, 'suite'> | null;
  /** Problems met while reading the run (torn last line, …). */
  warnings: string[];
}

/** Options of {@link summarize}. */
export interface SummarizeOptions {
  /** Significance level for every test. @defaultValue 0.05 */
  alpha?: number;
  /** Registry name or label of the baseline model. @defaultValue 'dummy' */
  baseline?: string;
  /** Warnings from {@link loadRun} to carry into the summary. */
  warnings?: string[];
}

/** Mean and population standard deviation. */
export function describe(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length), n: values.length };
}

/**
 * Ranks values, 1 = best, ties getting the average of the ranks they span.
 *
 * @param values - One value per item.
 * @param higherBetter - Direction of the metric.
 * @returns Ranks in the items' order.
 */
export function rankValues(values: readonly number[], higherBetter: boolean): number[] {
  const idx = values.map((_, i) => i).sort((a, b) => (higherBetter ? values[b]! - values[a]! : values[a]! - values[b]!));
  const ranks = new Array<number>(values.length);
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]!] === values[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Primary metric of a task: run.json's, or the task default. */
function primaryMetricOf(task: Task, run: RunInfo | null): string {
  return run?.primaryMetric?.[task] ?? DEFAULT_METRICS[task]?.[0] ?? 'accuracy';
}

/** Paired values of the primary metric, keyed by `repeat:fold`. */
function foldValues(jobs: readonly JobResult[], metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const j of jobs) {
    const v = j.status === 'ok' ? j.metrics?.[metric] : null;
    if (typeof v === 'number' && Number.isFinite(v)) out.set(`${j.repeat}:${j.fold}`, v);
  }
  return out;
}

function meanOf(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Corrected resampled t-test of model a against b on the folds both finished. */
function comparePair(
  a: Map<string, number>,
  b: Map<string, number>,
  against: string,
  nTrain: number,
  nTest: number,
  higherBetter: boolean,
  alpha: number,
): PairTest {
  const xa: number[] = [];
  const xb: number[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) {
      xa.push(v);
      xb.push(w);
    }
  }
  const diffs = xa.map((v, i) => v - xb[i]!);
  const meanDiff = meanOf(diffs);
  if (xa.length < 2) return { against, meanDiff, t: null, pValue: null, nPairs: xa.length, mark: null };
  const res = pairedTTest(xa, xb, nTrain, nTest);
  let mark: Mark = 'same';
  if (res.pValue < alpha && meanDiff !== 0) mark = meanDiff > 0 === higherBetter ? 'better' : 'worse';
  return { against, meanDiff, t: res.t, pValue: res.pValue, nPairs: xa.length, mark };
}

/** Groups jobs by a key, keeping first-seen order. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function summarizeModel(label: string, jobs: JobResult[], metrics: readonly string[]): ModelRow {
  const first = jobs[0]!;
  const folds = { total: jobs.length, ok: 0, error: 0, timeout: 0, skipped: 0 };
  const reasons = new Map<string, { status: Exclude<JobStatus, 'ok'>; message: string; count: number }>();
  for (const j of jobs) {
    folds[j.status]++;
    if (j.status !== 'ok') {
      const message = (j.error ?? '').trim() || `${j.status} (no message recorded)`;
      const key = `${j.status}\u0000${message}`;
      const r = reasons.get(key);
      if (r) r.count++;
      else reasons.set(key, { status: j.status, message, count: 1 });
    }
  }
  const ok = jobs.filter((j) => j.status === 'ok');
  const metricStats: Record<string, Stat | null> = {};
  for (const m of metrics) {
    const vals = ok.map((j) => j.metrics?.[m]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    metricStats[m] = describe(vals);
  }
  const times = (f: (j: JobResult) => number | null) =>
    describe(ok.map(f).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)));
  const histories = ok.map((j) => j.history).filter((h) => h !== undefined);
  const status: RowStatus =
    folds.ok === folds.total ? 'ok' : folds.ok > 0 ? 'partial' : folds.skipped === folds.total ? 'skipped' : 'failed';
  return {
    label,
    model: first.model,
    className: first.className,
    params: first.params ?? {},
    backend: ok.find((j) => j.backend)?.backend ?? first.backend ?? null,
    status,
    folds,
    reasons: [...reasons.values()],
    metrics: metricStats,
    fitMs: times((j) => j.fitMs),
    predictMs: times((j) => j.predictMs),
    rank: null,
    vsBest: null,
    vsBaseline: null,
    wins: 0,
    ties: 0,
    losses: 0,
    epochs: describe(histories.map((h) => h.epochs)),
    stopReasons: [...new Set(histories.map((h) => h.stopReason))],
  };
}

function metricOrder(names: Iterable<string>, primary: string): string[] {
  const known = Object.keys(METRICS);
  const set = new Set(names);
  set.add(primary);
  const sorted = [...set].sort((a, b) => {
    const ia = known.indexOf(a);
    const ib = known.indexOf(b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || a.localeCompare(b);
  });
  return [primary, ...sorted.filter((m) => m !== primary)];
}

function summarizeDataset(
  name: string,
  jobs: JobResult[],
  run: RunInfo | null,
  alpha: number,
  baselineName: string,
): DatasetSummary {
  const task = jobs[0]!.task;
  const primary = primaryMetricOf(task, run);
  const info = run?.datasets?.find((d) => d.name === name);
  const metricNames = new Set<string>();
  for (const j of jobs) for (const k of Object.keys(j.metrics ?? {})) metricNames.add(k);
  const metrics = metricOrder(metricNames, primary);
  const byLabel = groupBy(jobs, (j) => j.label);
  const rows = [...byLabel].map(([label, js]) => summarizeModel(label, js, metrics));
  const hb = higherIsBetter(primary);

  // Ranks by the primary metric's mean.
  const ranked = rows.filter((r) => r.metrics[primary]);
  const ranks = rankValues(
    ranked.map((r) => r.metrics[primary]!.mean),
    hb,
  );
  ranked.forEach((r, i) => (r.rank = ranks[i]!));
  rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.label.localeCompare(b.label));

  const ok = jobs.filter((j) => j.status === 'ok');
  const nTrain = meanOf(ok.map((j) => j.nTrain));
  const nTest = meanOf(ok.map((j) => j.nTest));
  const splits = new Set(jobs.map((j) => `${j.repeat}:${j.fold}`)).size;
  const values = new Map(rows.map((r) => [r.label, foldValues(byLabel.get(r.label)!, primary)]));

  const best = rows[0]?.rank != null ? rows[0].label : null;
  const baselineRow = rows.find((r) => r.label === baselineName) ?? rows.find((r) => r.model === baselineName);
  const baseline = baselineRow && baselineRow.rank !== null ? baselineRow.label : null;
  for (const r of ranked) {
    const mine = values.get(r.label)!;
    if (best !== null && r.label !== best) r.vsBest = comparePair(mine, values.get(best)!, best, nTrain, nTest, hb, alpha);
    if (baseline !== null && r.label !== baseline) {
      r.vsBaseline = comparePair(mine, values.get(baseline)!, baseline, nTrain, nTest, hb, alpha);
    }
    for (const o of ranked) {
      if (o === r) continue;
      const t = comparePair(mine, values.get(o.label)!, o.label, nTrain, nTest, hb, alpha);
      if (t.mark === 'better') r.wins++;
      else if (t.mark === 'worse') r.losses++;
      else if (t.mark === 'same') r.ties++;
    }
  }

  // Best mean per column.
  const bestLabels: Record<string, string[]> = {};
  const markBest = (col: string, get: (r: ModelRow) => Stat | null, higher: boolean) => {
    const withValue = rows.filter((r) => get(r));
    if (withValue.length < 2) return;
    const target = (higher ? Math.max : Math.min)(...withValue.map((r) => get(r)!.mean));
    bestLabels[col] = withValue.filter((r) => get(r)!.mean === target).map((r) => r.label);
  };
  for (const m of metrics) markBest(m, (r) => r.metrics[m] ?? null, higherIsBetter(m));
  markBest('fitMs', (r) => r.fitMs, false);
  markBest('predictMs', (r) => r.predictMs, false);

  const summary: DatasetSummary = {
    name,
    task,
    rows: info?.rows ?? null,
    features: info?.features ?? null,
    classes: info?.classes ? [...info.classes] : null,
    source: info?.source ?? null,
    nTrain,
    nTest,
    splits,
    primaryMetric: primary,
    metrics,
    models: rows,
    best,
    baseline,
    bestLabels,
    verdict: '',
  };
  summary.verdict = datasetVerdict(summary, alpha);
  return summary;
}

/**
 * The sentence under a dataset's heading: who is best, whether the others are significantly
 * worse, whether anything fails to beat the baseline, and what failed.
 */
function datasetVerdict(d: DatasetSummary, alpha: number): string {
  const primary = d.primaryMetric;
  const title = metricTitle(primary);
  const ranked = d.models.filter((r) => r.rank !== null);
  const failed = d.models.filter((r) => r.status === 'failed' || r.status === 'partial');
  const skipped = d.models.filter((r) => r.status === 'skipped');
  const parts: string[] = [];
  if (ranked.length === 0) {
    parts.push(`No model produced a ${title} on ${d.name}.`);
  } else {
    const top = ranked[0]!;
    const score = formatStat(top.metrics[primary]);
    if (ranked.length === 1) {
      parts.push(`Only ${top.label} finished (${title} ${score}).`);
    } else {
      const others = ranked.slice(1);
      const testable = others.filter((r) => r.vsBest?.mark != null);
      const same = testable.filter((r) => r.vsBest!.mark === 'same').map((r) => r.label);
      const worse = testable.filter((r) => r.vsBest!.mark === 'worse').map((r) => r.label);
      let s = `${top.label} is best (${title} ${score})`;
      if (testable.length === 0) {
        s += '; with a single split, no significance test is possible.';
      } else if (same.length === 0) {
        s += `, significantly better than every other model (corrected resampled t-test, α = ${alpha}).`;
      } else if (worse.length === 0) {
        s += `; the differences to ${listWords(same)} are not significant (corrected resampled t-test, α = ${alpha}).`;
      } else {
        s += `; the differences to ${listWords(same)} are not significant, ${listWords(worse)} ${worse.length === 1 ? 'is' : 'are'} significantly worse (corrected resampled t-test, α = ${alpha}).`;
      }
      parts.push(s);
      if (d.baseline !== null) {
        const vsBaseline = (mark: Mark): string[] => ranked.filter((r) => r.label !== d.baseline && r.vsBaseline?.mark === mark).map((r) => r.label);
        const tied = vsBaseline('same');
        const below = vsBaseline('worse');
        if (tied.length > 0) parts.push(`${listWords(tied)} ${tied.length === 1 ? 'does' : 'do'} not significantly beat the ${d.baseline} baseline.`);
        // A model significantly below the baseline is worse than predicting the mean or the
        // majority class: say so, rather than only that it does not beat it.
        if (below.length > 0) parts.push(`${listWords(below)} ${below.length === 1 ? 'is' : 'are'} significantly worse than the ${d.baseline} baseline.`);
      }
    }
  }
  if (failed.length > 0) {
    const desc = failed.map((r) => {
      const kinds = [...new Set(r.reasons.map((x) => x.status))].join('/');
      const n = r.folds.error + r.folds.timeout;
      return `${r.label} (${kinds}, ${n} of ${r.folds.total} folds)`;
    });
    parts.push(`Did not finish: ${listWords(desc)}.`);
  }
  if (skipped.length > 0) parts.push(`Skipped: ${listWords(skipped.map((r) => r.label))}.`);
  return parts.join(' ');
}

/** Maximal groups of consecutive models (sorted by mean rank) spanning less than `cd`. */
export function cliquesWithin(labels: readonly string[], meanRanks: readonly number[], cd: number): string[][] {
  const order = labels.map((l, i) => ({ l, r: meanRanks[i]! })).sort((a, b) => a.r - b.r);
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < order.length; i++) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]!.r - order[i]!.r < cd) j++;
    if (j > i && !groups.some(([a, b]) => a <= i && j <= b)) groups.push([i, j]);
  }
  return groups.map(([a, b]) => order.slice(a, b + 1).map((o) => o.l));
}

function compareTask(task: Task, datasets: DatasetSummary[], alpha: number): TaskComparison {
  const metric = datasets[0]!.primaryMetric;
  const hb = higherIsBetter(metric);
  const allLabels = [...new Set(datasets.flatMap((d) => d.models.map((m) => m.label)))];
  const excluded: Array<{ label: string; reason: string }> = [];
  const models = allLabels.filter((l) => {
    const missing = datasets.filter((d) => !d.models.find((m) => m.label === l)?.metrics[metric]).map((d) => d.name);
    if (missing.length > 0) excluded.push({ label: l, reason: `no ${metricTitle(metric)} on ${listWords(missing)}` });
    return missing.length === 0;
  });
  const base: TaskComparison = {
    task,
    metric,
    datasets: datasets.map((d) => d.name),
    models,
    excluded,
    available: false,
    reason: null,
    meanRanks: [],
    ranks: [],
    friedman: null,
    alpha,
    criticalDifference: null,
    cliques: [],
    wilcoxonVsBest: [],
    verdict: '',
  };
  if (datasets.length < 2 || models.length < 2) {
    base.reason =
      datasets.length < 2
        ? `Only ${datasets.length} ${task} dataset in this run; comparing across datasets needs at least 2.`
        : `Fewer than 2 models have a ${metricTitle(metric)} on every ${task} dataset.`;
    base.verdict = base.reason;
    return base;
  }
  // scores[d][m], oriented so that higher is better (what friedmanTest expects).
  const raw = datasets.map((d) => models.map((l) => d.models.find((m) => m.label === l)!.metrics[metric]!.mean));
  const scores = raw.map((row) => row.map((v) => (hb ? v : -v)));
  const ranks = scores.map((row) => rankValues(row, true));
  const meanRanks = models.map((_, m) => meanOf(ranks.map((r) => r[m]!)));
  const order = models.map((_, i) => i).sort((a, b) => meanRanks[a]! - meanRanks[b]! || models[a]!.localeCompare(models[b]!));
  const sortedModels = order.map((i) => models[i]!);
  const sortedRanks = order.map((i) => meanRanks[i]!);
  const sortedScores = scores.map((row) => order.map((i) => row[i]!));
  const fr = friedman(sortedScores);
  const cd = criticalDifference(sortedModels.length, datasets.length, alpha);
  const cliques = cd === null ? [] : cliquesWithin(sortedModels, sortedRanks, cd);

  // Wilcoxon signed-rank of every model against the best-ranked one, over datasets; Holm-adjusted.
  const bestCol = sortedScores.map((row) => row[0]!);
  const rawP = sortedModels.slice(1).map((_, i) => wilcoxon(sortedScores.map((row) => row[i + 1]!), bestCol)?.pValue ?? null);
  const present = rawP.filter((p): p is number => p !== null);
  const adjusted = present.length > 0 ? holm(present) : [];
  let k = 0;
  const wilcoxonVsBest = sortedModels.slice(1).map((label, i) => {
    const p = rawP[i]!;
    const pHolm = p === null ? null : adjusted[k++]!;
    const mean = meanOf(sortedScores.map((row) => row[i + 1]! - row[0]!));
    const mark: Mark | null = pHolm === null ? null : pHolm < alpha ? (mean > 0 ? 'better' : 'worse') : 'same';
    return { label, pValue: p, pHolm, mark };
  });

  const out: TaskComparison = {
    ...base,
    models: sortedModels,
    available: true,
    meanRanks: sortedRanks,
    ranks: ranks.map((row) => order.map((i) => row[i]!)),
    friedman: fr,
    criticalDifference: cd,
    cliques,
    wilcoxonVsBest,
  };
  out.verdict = taskVerdict(out);
  return out;
}

function taskVerdict(c: TaskComparison): string {
  const n = c.datasets.length;
  const s = [`Over ${n} ${c.task} datasets, ${c.models[0]} has the best mean rank (${formatNumber(c.meanRanks[0]!, 2)} of ${c.models.length}).`];
  if (c.friedman) {
    const p = c.friedman.imanDavenportP;
    if (p < c.alpha) {
      s.push(`The Friedman test (Iman–Davenport F = ${formatNumber(c.friedman.imanDavenportF, 2)}, ${p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`}) says the models differ.`);
      if (c.criticalDifference !== null) {
        const beaten = c.models.filter((_, i) => c.meanRanks[i]! - c.meanRanks[0]! >= c.criticalDifference!);
        s.push(
          beaten.length > 0
            ? `By the Nemenyi test (CD = ${formatNumber(c.criticalDifference, 2)}), ${c.models[0]} is significantly better than ${listWords(beaten)}.`
            : `The Nemenyi test (CD = ${formatNumber(c.criticalDifference, 2)}) cannot separate ${c.models[0]} from any other model.`,
        );
      }
    } else {
      s.push(`The Friedman test (Iman–Davenport F = ${formatNumber(c.friedman.imanDavenportF, 2)}, p = ${p.toFixed(3)}) finds no significant difference among the models.`);
    }
  }
  if (n < 5) s.push(`With only ${n} datasets these tests have little power.`);
  return s.join(' ');
}

/**
 * Aggregates a run's jobs. Never trains anything.
 *
 * @param results - Jobs from `results.jsonl` (see {@link loadRun}).
 * @param run - `run.json`, or null.
 * @param options - Significance level, baseline name, loader warnings.
 * @returns The summary written to `summary.json`.
 * @example
 * const { results, run } = await loadRun(dir);
 * const summary = summarize(results, run);
 * console.log(summary.datasets[0].verdict);
 */
export function summarize(results: readonly JobResult[], run: RunInfo | null, options: SummarizeOptions = {}): RunSummary {
  const alpha = options.alpha ?? 0.05;
  const baseline = options.baseline ?? 'dummy';
  const counts = { jobs: results.length, ok: 0, error: 0, timeout: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  // Datasets in run.json order, then any others in file order.
  const byDataset = groupBy(results, (r) => r.dataset);
  const names = [
    ...(run?.datasets ?? []).map((d) => d.name).filter((n) => byDataset.has(n)),
    ...[...byDataset.keys()].filter((n) => !(run?.datasets ?? []).some((d) => d.name === n)),
  ];
  const datasets = names.map((n) => summarizeDataset(n, byDataset.get(n)!, run, alpha, baseline));
  const comparisons: TaskComparison[] = [];
  for (const task of ['classification', 'regression'] as Task[]) {
    const ds = datasets.filter((d) => d.task === task);
    if (ds.length > 0) comparisons.push(compareTask(task, ds, alpha));
  }
  let environment: Omit<RunInfo, 'suite'> | null = null;
  if (run) {
    const { suite: _suite, ...rest } = run;
    environment = rest;
  }
  const suiteName = run?.suiteName ?? null;
  return { schema: SUMMARY_SCHEMA_VERSION, suiteName, alpha, counts, datasets, comparisons, environment, warnings: [...(options.warnings ?? [])] };
}
