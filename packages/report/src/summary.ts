/**
 * Aggregates a run's jobs into what the reports show: per dataset × model label the mean and
 * population standard deviation of every metric and time, fold counts, failure reasons, ranks
 * by the primary metric, the significance marks, and the comparison across datasets.
 * This is the content of `summary.json`: numbers and structured verdicts, never sentences (the
 * renderers word them, in `words.ts`). The types are in `types.ts`. Names longer than
 * {@link MAX_NAME_LENGTH} are shortened here once (`names.ts`), with a warning; the jobs keep them.
 */
import { DEFAULT_METRICS, METRICS, InputError, formatValue } from '@mlcompare/core';
import type { JobResult, RopeSetting, RunInfo, Task } from '@mlcompare/core';
import { higherIsBetter } from './format.js';
import { MAX_NAME_LENGTH, shortMessage, shortName } from './names.js';
import { convergenceWarnings, targetScaling } from './fit-notes.js';
import { DEFAULT_BAYES_SAMPLES, datasetBayes, ropeUse, taskAutorank, taskBayes } from './bayes-summary.js';
import { splitInnerTrials, summarizeTuning } from './tuning.js';
import { criticalDifference, friedman, holm, pairedTTest, wilcoxon, wilcoxonMinDatasets, wilcoxonMinP } from './internal/significance.js';
import {
  SUMMARY_SCHEMA_VERSION,
  type DatasetSummary,
  type DatasetVerdict,
  type FailureReason,
  type Mark,
  type ModelRow,
  type PairTest,
  type RowStatus,
  type RunSummary,
  type SignificanceGroups,
  type Stat,
  type SummarizeOptions,
  type TaskComparison,
  type TaskVerdict,
} from './types.js';

/**
 * Mean and population standard deviation. The mean is rounded to 12 significant digits: the
 * floating-point sums of two models with the same mean in other folds differ in the last bits
 * (0.9360000000000002 against 0.9359999999999999, both shown 0.936), and every rank, tie for best
 * and "not significant / too variable" decision compares means, so they must be equal (issue 12:
 * "two models tied at 0.936 with opposite marks").
 */
export function describe(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  // Summed in ascending order: the folds arrive in the order the workers finish them, and the
  // same scores in another order gave a standard deviation differing in its last bit, so the
  // summary of one seed was not the same with 1 and 2 workers.
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const exact = sum / sorted.length;
  let ss = 0;
  for (const v of sorted) ss += (v - exact) ** 2;
  const mean = Number.isFinite(exact) ? Number(exact.toPrecision(12)) : exact;
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
  const reasons = new Map<string, FailureReason>();
  for (const j of jobs) {
    folds[j.status]++;
    if (j.status !== 'ok') {
      const trimmed = (j.error ?? '').trim();
      const message = trimmed === '' ? null : shortMessage(trimmed);
      const key = `${j.status}\u0000${message ?? ''}`;
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
  const searched = [...new Set(jobs.flatMap((j) => Object.keys(j.tuning?.space ?? {})))];
  const status: RowStatus =
    folds.ok === folds.total ? 'ok' : folds.ok > 0 ? 'partial' : folds.skipped === folds.total ? 'skipped' : 'failed';
  return {
    label: shortName(label),
    model: shortName(first.model),
    className: shortName(first.className),
    // A tuned row's searched parameters differ per outer fold (the tuning section lists them): show the fixed ones.
    params: Object.fromEntries(
      Object.entries(first.params ?? {})
        .filter(([k]) => !searched.includes(k))
        .map(([k, v]) => [shortName(k), typeof v === 'string' ? shortName(v) : v]),
    ),
    ...(searched.length > 0 ? { searched: searched.map(shortName) } : {}),
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
  rope: RopeSetting,
): DatasetSummary {
  const task = jobs[0]!.task;
  const primary = primaryMetricOf(task, run);
  const info = run?.datasets?.find((d) => d.name === name);
  const metricNames = new Set<string>();
  for (const j of jobs) for (const k of Object.keys(j.metrics ?? {})) metricNames.add(k);
  const metrics = metricOrder(metricNames, primary);
  // Rows are keyed by their shown label (shortName keeps long labels distinct).
  const byLabel = new Map([...groupBy(jobs, (j) => j.label)].map(([label, js]) => [shortName(label), js] as const));
  const rows = [...byLabel].map(([, js]) => summarizeModel(js[0]!.label, js, metrics));
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
  const baselineRow = rows.find((r) => r.label === shortName(baselineName)) ?? rows.find((r) => r.model === baselineName);
  const baseline = baselineRow && baselineRow.rank !== null ? baselineRow.label : null;
  const tally = (r: ModelRow, mark: Mark | null): void => {
    if (mark === 'better') r.wins++;
    else if (mark === 'worse') r.losses++;
    else if (mark === 'same') r.ties++;
  };
  for (const [a, r] of ranked.entries()) {
    const mine = values.get(r.label)!;
    if (best !== null && r.label !== best) r.vsBest = comparePair(mine, values.get(best)!, best, nTrain, nTest, hb, alpha);
    if (baseline !== null && r.label !== baseline) {
      r.vsBaseline = comparePair(mine, values.get(baseline)!, baseline, nTrain, nTest, hb, alpha);
    }
    // Each pair is tested once: the test is symmetric (same p, opposite difference), so one
    // model's win is the other's loss. With 1,200 models that is 720,000 tests, not 1.4 million.
    for (const o of ranked.slice(a + 1)) {
      const mark = comparePair(mine, values.get(o.label)!, o.label, nTrain, nTest, hb, alpha).mark;
      tally(r, mark);
      tally(o, mark === 'better' ? 'worse' : mark === 'worse' ? 'better' : mark);
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

  return {
    name: shortName(name),
    task,
    rows: info?.rows ?? null,
    features: info?.features ?? null,
    classes: info?.classes ? info.classes.map((c) => (typeof c === 'string' ? shortName(c) : c)) : null,
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
    verdict: datasetVerdict(rows, primary, hb, baseline, splits),
    bayes: datasetBayes(
      rows.filter((r) => r.rank !== null).map((r) => r.label),
      values,
      nTrain,
      nTest,
      hb,
      ropeUse(rope, primary),
    ),
  };
}

/**
 * Groups models by how they compare with a reference (see {@link SignificanceGroups}).
 *
 * @param rows - Candidates in rank order, each with its test against the reference.
 * @param gap - Distance of a row's mean from the reference's mean (≥ 0).
 * @param significantMark - The mark that counts as significant for this group.
 */
function groupBySignificance(rows: ReadonlyArray<{ row: ModelRow; test: PairTest | null }>, gap: (r: ModelRow) => number, significantMark: Mark): SignificanceGroups {
  const significant = rows.filter((x) => x.test?.mark === significantMark);
  // The smallest gap that a test found significant: a non-significant model at least this far
  // from the reference is not "no difference" but folds too variable to tell.
  const threshold = Math.min(...significant.map((x) => gap(x.row)));
  const groups: SignificanceGroups = { significant: significant.map((x) => x.row.label), notSignificant: [], tooVariable: [], untested: [] };
  for (const { row, test } of rows) {
    if (!test || test.mark === null) groups.untested.push(row.label);
    else if (test.mark !== significantMark) (gap(row) >= threshold ? groups.tooVariable : groups.notSignificant).push(row.label);
  }
  return groups;
}

/**
 * Who is best on a dataset (ties included), how the others compare with the best and with the
 * baseline, and what did not finish.
 */
function datasetVerdict(rows: readonly ModelRow[], primary: string, hb: boolean, baseline: string | null, splits: number): DatasetVerdict {
  const ranked = rows.filter((r) => r.rank !== null);
  const mean = (r: ModelRow): number => r.metrics[primary]!.mean;
  const top = ranked[0];
  const best = top ? ranked.filter((r) => mean(r) === mean(top)).map((r) => r.label) : [];
  const others = ranked.filter((r) => !best.includes(r.label));
  const vsBest = groupBySignificance(
    others.map((row) => ({ row, test: row.vsBest })),
    (r) => Math.abs(mean(r) - mean(top!)),
    'worse',
  );
  const tested = others.length - vsBest.untested.length;
  const untestable = others.length > 0 && tested === 0 ? (splits <= 1 ? 'single-split' : 'too-few-paired-folds') : null;
  let vsBaseline: DatasetVerdict['vsBaseline'] = null;
  const baseRow = ranked.find((r) => r.label === baseline);
  if (baseRow && ranked.length >= 2) {
    const rest = ranked.filter((r) => r !== baseRow);
    const gap = (r: ModelRow): number => Math.abs(mean(r) - mean(baseRow));
    const isAbove = (r: ModelRow): boolean => (hb ? mean(r) > mean(baseRow) : mean(r) < mean(baseRow));
    vsBaseline = {
      above: groupBySignificance(rest.filter(isAbove).map((row) => ({ row, test: row.vsBaseline })), gap, 'better'),
      below: groupBySignificance(rest.filter((r) => !isAbove(r)).map((row) => ({ row, test: row.vsBaseline })), gap, 'worse'),
    };
  }
  return {
    best,
    untestable,
    vsBest,
    vsBaseline,
    unfinished: rows.filter((r) => r.status === 'failed' || r.status === 'partial').map((r) => r.label),
    skipped: rows.filter((r) => r.status === 'skipped').map((r) => r.label),
  };
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

function compareTask(task: Task, datasets: DatasetSummary[], alpha: number, bayes: { rope: RopeSetting; seed: number; nSamples: number }): TaskComparison {
  const metric = datasets[0]!.primaryMetric;
  const hb = higherIsBetter(metric);
  const allLabels = [...new Set(datasets.flatMap((d) => d.models.map((m) => m.label)))];
  const excluded: Array<{ label: string; missingOn: string[] }> = [];
  const models = allLabels.filter((l) => {
    const missing = datasets.filter((d) => !d.models.find((m) => m.label === l)?.metrics[metric]).map((d) => d.name);
    if (missing.length > 0) excluded.push({ label: l, missingOn: missing });
    return missing.length === 0;
  });
  const base: TaskComparison = {
    task,
    metric,
    datasets: datasets.map((d) => d.name),
    models,
    excluded,
    available: false,
    unavailable: null,
    meanRanks: [],
    ranks: [],
    friedman: null,
    alpha,
    criticalDifference: null,
    cliques: [],
    wilcoxonVsBest: [],
    wilcoxonMinDatasets: wilcoxonMinDatasets(alpha),
    verdict: null,
    bayes: null,
    autorank: null,
    autorankGap: null,
  };
  if (datasets.length < 2 || models.length < 2) {
    base.unavailable = datasets.length < 2 ? 'too-few-datasets' : 'too-few-models';
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
  const column = (i: number): number[] => sortedScores.map((row) => row[i]!);
  const rawP = sortedModels.slice(1).map((_, i) => wilcoxon(column(i + 1), bestCol)?.pValue ?? null);
  const present = rawP.filter((p): p is number => p !== null);
  const adjusted = present.length > 0 ? holm(present) : [];
  let k = 0;
  const minPs = sortedModels.slice(1).map((_, i) => wilcoxonMinP(column(i + 1), bestCol));
  // Holm multiplies the smallest p-value by the number of tests m, and every adjusted p-value is at
  // least that one: no adjusted p-value can fall below m × (the smallest p-value any test can give).
  const tests = present.length;
  const floorP = tests * Math.min(...minPs.filter((x): x is number => x !== null));
  const wilcoxonVsBest = sortedModels.slice(1).map((label, i) => {
    const p = rawP[i]!;
    const pHolm = p === null ? null : adjusted[k++]!;
    const mean = meanOf(sortedScores.map((row) => row[i + 1]! - row[0]!));
    const mark: Mark | null = pHolm === null ? null : pHolm < alpha ? (mean > 0 ? 'better' : 'worse') : 'same';
    const minPValue = minPs[i]!;
    return { label, pValue: p, pHolm, mark, minPValue, reachable: minPValue !== null && Math.max(minPValue, floorP) < alpha };
  });
  base.wilcoxonMinDatasets = wilcoxonMinDatasets(alpha, Math.max(1, tests));

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
  const ar = taskAutorank(out, datasets, hb);
  out.autorank = ar.autorank;
  out.autorankGap = ar.gap;
  out.bayes = taskBayes(out, datasets, hb, bayes.rope, bayes.seed, bayes.nSamples, (ar.autorank?.normality.notNormal.length ?? 0) === 0);
  return out;
}

/** Datasets below which the across-datasets tests are said to have little power. */
const POWER_DATASETS = 5;

function taskVerdict(c: TaskComparison): TaskVerdict {
  let modelsDiffer: boolean | null = null;
  let nemenyiBeaten: string[] | null = null;
  if (c.friedman) {
    modelsDiffer = c.friedman.imanDavenportP < c.alpha;
    if (modelsDiffer && c.criticalDifference !== null) {
      const cd = c.criticalDifference;
      nemenyiBeaten = c.models.filter((_, i) => c.meanRanks[i]! - c.meanRanks[0]! >= cd);
    }
  }
  return { modelsDiffer, nemenyiBeaten, lowPower: c.datasets.length < POWER_DATASETS, powerDatasets: POWER_DATASETS };
}

/** Distinct names that {@link shortName} shortens: labels, dataset names, class labels, the suite name. */
function countLongNames(results: readonly JobResult[], run: RunInfo | null): number {
  const long = new Set<string>();
  const see = (n: unknown): void => {
    if (typeof n === 'string' && shortName(n) !== n) long.add(n);
  };
  for (const r of results) {
    see(r.label);
    see(r.dataset);
  }
  if (run) {
    see(run.suiteName);
    for (const d of run.datasets) {
      see(d.name);
      for (const c of d.classes ?? []) see(c);
    }
  }
  return long.size;
}

/**
 * Aggregates a run's jobs. Never trains anything.
 *
 * @param allResults - Lines from `results.jsonl` (see {@link loadRun}); inner trials of tuned models
 *   are counted in `tuning` only, never among the jobs, ranks or tests.
 * @param run - `run.json`, or null.
 * @param options - Significance level, baseline name, loader warnings.
 * @returns The summary written to `summary.json`.
 * @throws InputError when `alpha` is not a number in (0, 1), `rope` not a number >= 0, `'auto'` or
 *   `'autorank'`, or `bayesSamples` not an integer in [1, 10⁷].
 * @example
 * const { results, run } = await loadRun(dir);
 * const summary = summarize(results, run);
 * console.log(summary.datasets[0].verdict.best); // ['svm']
 */
export function summarize(allResults: readonly JobResult[], run: RunInfo | null, options: SummarizeOptions = {}): RunSummary {
  const alpha = options.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new InputError(`Option 'alpha' passed to 'summarize' must be a number in (0, 1), but got ${formatValue(alpha)}.`);
  }
  const baseline = options.baseline ?? 'dummy';
  const rope = options.rope ?? run?.suite?.rope ?? 'auto';
  if (!(rope === 'auto' || rope === 'autorank' || (typeof rope === 'number' && rope >= 0 && Number.isFinite(rope)))) {
    throw new InputError(`Option 'rope' passed to 'summarize' must be a number >= 0 in the primary metric's units, 'auto' or 'autorank', but got ${formatValue(rope)}.`);
  }
  const nSamples = options.bayesSamples ?? DEFAULT_BAYES_SAMPLES;
  if (!Number.isInteger(nSamples) || nSamples < 1 || nSamples > 1e7) {
    throw new InputError(`Option 'bayesSamples' passed to 'summarize' must be an integer in [1, 10000000], but got ${formatValue(nSamples)}.`);
  }
  // Inner trials of tuned models are counted in `tuning` and nowhere else (tuning.ts).
  const { outer, inner } = splitInnerTrials(allResults);
  // In split order (repeat, then fold), not the order the jobs finished in: a model's mean over
  // folds, and the paired folds of the Bayesian test, are sums whose last bits follow the order
  // they are added in, and must be the same with 1 or N workers.
  const results = [...outer].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  const counts = { jobs: results.length, ok: 0, error: 0, timeout: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  // Datasets in run.json order, then any others in file order.
  const byDataset = groupBy(results, (r) => r.dataset);
  const names = [
    ...(run?.datasets ?? []).map((d) => d.name).filter((n) => byDataset.has(n)),
    ...[...byDataset.keys()].filter((n) => !(run?.datasets ?? []).some((d) => d.name === n)),
  ];
  const datasets = names.map((n) => summarizeDataset(n, byDataset.get(n)!, run, alpha, baseline, rope));
  const comparisons: TaskComparison[] = [];
  for (const task of ['classification', 'regression'] as Task[]) {
    const ds = datasets.filter((d) => d.task === task);
    if (ds.length > 0) comparisons.push(compareTask(task, ds, alpha, { rope, seed: run?.seed ?? 0, nSamples }));
  }
  let environment: Omit<RunInfo, 'suite'> | null = null;
  if (run) {
    const { suite: _suite, ...rest } = run;
    environment = {
      ...rest,
      suiteName: shortName(rest.suiteName),
      datasets: rest.datasets.map((d) => ({
        ...d,
        name: shortName(d.name),
        ...(d.classes ? { classes: d.classes.map((c) => (typeof c === 'string' ? shortName(c) : c)) } : {}),
      })) as RunInfo['datasets'],
    };
  }
  const suiteName = run ? shortName(run.suiteName) : null;
  const warnings = [...(options.warnings ?? []), ...convergenceWarnings(results)];
  const long = countLongNames(results, run);
  if (long > 0) {
    warnings.push(
      `${long} name${long === 1 ? ' is' : 's are'} longer than ${MAX_NAME_LENGTH} characters (model labels, dataset names, class labels): ` +
        `the summary and the reports show ${long === 1 ? 'its' : 'their'} beginning with the length and a hash; results.jsonl keeps ${long === 1 ? 'it' : 'them'} whole.`,
    );
  }
  return { schema: SUMMARY_SCHEMA_VERSION, suiteName, alpha, counts, datasets, comparisons, environment, warnings, targetScaling: targetScaling(results, run), rope, tuning: summarizeTuning(outer, inner, datasets, run, alpha) };
}
