/**
 * The summary's Bayesian comparisons and automatic test choice (issue 13), as numbers: per dataset,
 * each model against the best by the Bayesian correlated t-test (Corani & Benavoli 2015) with the
 * Nadeau–Bengio correction of the run's resampling; across datasets, the Bayesian signed-rank test
 * (Benavoli et al. 2014/2017) between the best-ranked models, seeded by the run's seed; and the
 * frequentist test autorank would choose (Herbold 2020) with effect sizes. The tests are core's
 * (`bayes.ts`, `autorank.ts`); this module picks their inputs and orientation. `summary.ts` calls it.
 */
import {
  ACCURACY_LIKE_METRICS,
  autoRank,
  bayesianCorrelatedTTest,
  bayesianSignedRankTest,
  deriveSeed,
  effectSizeRope,
  type RopeSetting,
  type Task,
} from '@mlcompare/core';
import {
  MAX_AUTORANK_MODELS,
  MAX_BAYES_MODELS,
  type AutoRankSummary,
  type BayesOutcome,
  type BayesPair,
  type BayesProbabilities,
  type DatasetBayes,
  type DatasetSummary,
  type RopeUse,
  type TaskBayes,
  type TaskBayesPair,
  type TaskComparison,
} from './types.js';

/** Posterior samples per signed-rank test unless the caller says otherwise (baycomp's default). */
export const DEFAULT_BAYES_SAMPLES = 50000;

/**
 * How a ROPE setting applies to a metric: a number as it is; `'autorank'` per pair; `'auto'` 0.01
 * on the accuracy-like metrics and `'autorank'` on the others (their units depend on the data).
 */
export function ropeUse(setting: RopeSetting, metric: string): RopeUse {
  if (typeof setting === 'number') return { setting, mode: 'fixed', value: setting };
  if (setting === 'auto' && ACCURACY_LIKE_METRICS.includes(metric)) return { setting, mode: 'fixed', value: 0.01 };
  return { setting, mode: 'autorank', value: null };
}

/** The outcome with a posterior probability above ½, or `uncertain`. */
export function bayesOutcome(p: { better: number; equivalent: number; worse: number }): BayesOutcome {
  if (p.equivalent > 0.5) return 'equivalent';
  if (p.worse > 0.5) return 'worse';
  if (p.better > 0.5) return 'better';
  return 'uncertain';
}

/** Oriented so that higher is better (core's Bayesian tests expect it). */
function orient(values: readonly number[], higherBetter: boolean): number[] {
  return higherBetter ? [...values] : values.map((v) => -v);
}

/**
 * Each ranked model against the best on one dataset, by the Bayesian correlated t-test on the folds
 * both finished, with ρ = nTest / (nTrain + nTest) (Nadeau & Bengio's correction for the run's
 * k-fold or repeated hold-out).
 *
 * @param labels - Ranked models in rank order, the best first.
 * @param values - Label → `repeat:fold` → primary metric.
 * @param nTrain - Mean training rows per fold.
 * @param nTest - Mean test rows per fold.
 * @param higherBetter - Direction of the primary metric.
 * @param rope - The ROPE as applied to the primary metric.
 * @returns Null with fewer than 2 ranked models.
 */
export function datasetBayes(
  labels: readonly string[],
  values: ReadonlyMap<string, ReadonlyMap<string, number>>,
  nTrain: number,
  nTest: number,
  higherBetter: boolean,
  rope: RopeUse,
): DatasetBayes | null {
  if (labels.length < 2) return null;
  const reference = labels[0]!;
  const refValues = values.get(reference)!;
  const rho = nTest / (nTrain + nTest);
  const out: DatasetBayes = { reference, rope, testFraction: rho, pairs: [], untested: [] };
  for (const label of labels.slice(1)) {
    const mine: number[] = [];
    const ref: number[] = [];
    for (const [k, v] of values.get(label)!) {
      const w = refValues.get(k);
      if (w !== undefined) {
        mine.push(v);
        ref.push(w);
      }
    }
    if (mine.length < 2 || !(rho > 0 && rho < 1)) {
      out.untested.push(label);
      continue;
    }
    const x = orient(mine, higherBetter);
    const y = orient(ref, higherBetter);
    const width = rope.value ?? effectSizeRope(x, y, { normal: true });
    const r = bayesianCorrelatedTTest(x, y, { rope: width, testFraction: rho });
    const p = { better: r.left, equivalent: r.rope, worse: r.right };
    const meanDiff = mine.reduce((a, v, i) => a + v - ref[i]!, 0) / mine.length;
    out.pairs.push({ label, ...p, rope: width, meanDiff, scale: r.scale, nPairs: mine.length, outcome: bayesOutcome(p) } satisfies BayesPair);
  }
  return out;
}

/**
 * Per-dataset scores (dataset means of the primary metric, oriented so higher is better) of one
 * model of a comparison, in the order of the dataset names: the Monte Carlo draws one weight per
 * dataset in order, so a fixed order keeps the samples the same whatever order the jobs finished in.
 */
function comparisonScores(c: TaskComparison, datasets: readonly DatasetSummary[], label: string, higherBetter: boolean): number[] {
  const byName = new Map(datasets.map((d) => [d.name, d]));
  return orient(
    [...c.datasets].sort().map((n) => byName.get(n)!.models.find((m) => m.label === label)!.metrics[c.metric]!.mean),
    higherBetter,
  );
}

/** The seed of the signed-rank test of two models: from the run's seed, the task and the two labels in sorted order. */
function pairSeed(seed: number, task: Task, a: string, b: string): { seed: number; aFirst: boolean } {
  const aFirst = a < b;
  return { seed: deriveSeed(seed, 'bayes-signed-rank', task, aFirst ? a : b, aFirst ? b : a), aFirst };
}

/**
 * Bayesian signed-rank tests among the best-ranked models of a comparison (at most
 * {@link MAX_BAYES_MODELS}): every pair once, seeded by the run's seed, the task and the two labels
 * (so the same seed gives the same probabilities whatever order the jobs finished in), mirrored
 * for the other order.
 *
 * @param c - An available comparison (models sorted by mean rank).
 * @param datasets - The run's datasets.
 * @param higherBetter - Direction of the metric.
 * @param setting - The ROPE setting.
 * @param seed - The run's seed.
 * @param nSamples - Posterior samples per pair.
 * @param allNormal - Whether autorank found every model's scores normal (pooled SD, else MAD, for an `autorank` ROPE).
 */
export function taskBayes(
  c: TaskComparison,
  datasets: readonly DatasetSummary[],
  higherBetter: boolean,
  setting: RopeSetting,
  seed: number,
  nSamples: number,
  allNormal: boolean,
): TaskBayes {
  const rope = ropeUse(setting, c.metric);
  const models = c.models.slice(0, MAX_BAYES_MODELS);
  const scores = models.map((l) => comparisonScores(c, datasets, l, higherBetter));
  const k = models.length;
  const matrix: Array<Array<BayesProbabilities | null>> = models.map(() => models.map(() => null));
  const vsBest: TaskBayesPair[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const { seed: s, aFirst } = pairSeed(seed, c.task, models[i]!, models[j]!);
      const [x, y] = aFirst ? [scores[i]!, scores[j]!] : [scores[j]!, scores[i]!];
      const width = rope.value ?? effectSizeRope(x, y, { normal: allNormal });
      const r = bayesianSignedRankTest(x, y, { rope: width, seed: s, nSamples });
      // left = x better; the cell of i against j is in i's favour.
      const first = { better: r.left, equivalent: r.rope, worse: r.right, rope: width };
      const second = { better: r.right, equivalent: r.rope, worse: r.left, rope: width };
      matrix[i]![j] = aFirst ? first : second;
      matrix[j]![i] = aFirst ? second : first;
      if (i === 0) {
        const e = r.expected;
        const mine = aFirst ? second : first;
        const expected = aFirst ? { better: e.right, equivalent: e.rope, worse: e.left } : { better: e.left, equivalent: e.rope, worse: e.right };
        vsBest.push({ label: models[j]!, ...mine, expected, seed: s, modelFirst: !aFirst, outcome: bayesOutcome(mine) });
      }
    }
  }
  return { rope, seed, nSamples, models, leftOut: c.models.length - k, matrix, vsBest };
}

/**
 * The first `n` posterior samples of θ of one model against the best of a comparison, as points
 * (P(best better), P(equivalent), P(model better)) for the triangle plot: the same seed and data as
 * the summary's test, so they are the first `n` of the samples its probabilities count.
 */
export function signedRankPoints(c: TaskComparison, datasets: readonly DatasetSummary[], pair: TaskBayesPair, higherBetter: boolean, n: number): Array<[number, number, number]> {
  const best = comparisonScores(c, datasets, c.models[0]!, higherBetter);
  const mine = comparisonScores(c, datasets, pair.label, higherBetter);
  const [x, y] = pair.modelFirst ? [mine, best] : [best, mine];
  const r = bayesianSignedRankTest(x, y, { rope: pair.rope, seed: pair.seed, nSamples: n });
  const s = r.samples.data;
  const out: Array<[number, number, number]> = [];
  for (let t = 0; t < n; t++) {
    const left = s[3 * t]!;
    const mid = s[3 * t + 1]!;
    const right = s[3 * t + 2]!;
    out.push(pair.modelFirst ? [right, mid, left] : [left, mid, right]);
  }
  return out;
}

/**
 * autorank's choice of test on the per-dataset means of the compared models (rows = datasets),
 * with labels in place of column indices; null with fewer than 3 datasets or no variation.
 */
export function taskAutorank(c: TaskComparison, datasets: readonly DatasetSummary[], higherBetter: boolean): { autorank: AutoRankSummary | null; gap: TaskComparison['autorankGap'] } {
  if (c.datasets.length < 3) return { autorank: null, gap: 'too-few-datasets' };
  if (c.models.length > MAX_AUTORANK_MODELS) return { autorank: null, gap: 'too-many-models' };
  const cols = c.models.map((l) => comparisonScores(c, datasets, l, true));
  if (cols.every((col) => col.every((v) => v === col[0]))) return { autorank: null, gap: 'no-variation' };
  const rows = c.datasets.map((_, d) => cols.map((col) => col[d]!));
  // Scores as measured (autorank's `order` says the direction), so centers are in the metric's units.
  const r = autoRank(rows, { alpha: c.alpha, higherIsBetter: higherBetter });
  const name = (j: number): string => c.models[j]!;
  const omnibusStep = r.path.find((s) => s.step === 'omnibus');
  let posthoc: AutoRankSummary['posthoc'] = null;
  if (r.posthoc?.test === 'tukeyHsd') {
    posthoc = { test: 'tukeyHsd', criticalDifference: null, different: r.posthoc.pairs.filter((p) => p.significant).map((p) => [name(p.i), name(p.j)]) };
  } else if (r.posthoc?.test === 'nemenyi') {
    posthoc = { test: 'nemenyi', criticalDifference: r.posthoc.criticalDifference, different: r.posthoc.pairs.filter((p) => p.significant).map((p) => [name(p.i), name(p.j)]) };
  }
  return {
    gap: null,
    autorank: {
      alpha: r.alpha,
      normality: { alpha: r.alphaNormality, notNormal: r.normality.flatMap((s, j) => (s.normal ? [] : [name(j)])) },
      homogeneity: { test: r.homogeneity.test, pValue: r.homogeneity.pValue, equalVariances: r.homogeneity.equalVariances },
      omnibus: {
        test: r.omnibus.test,
        because: omnibusStep?.step === 'omnibus' ? omnibusStep.because : 'notAllNormal',
        statistic: r.omnibus.statistic,
        pValue: r.omnibus.pValue,
        significant: r.omnibus.significant,
      },
      posthoc,
      centralTendency: r.centralTendency,
      effectSize: r.effectSize,
      ranking: r.ranking.map((m) => ({
        label: name(m.model),
        meanRank: m.meanRank,
        center: m.center,
        spread: m.spread,
        effectSize: Number.isFinite(m.effectSize) ? m.effectSize : null,
        magnitude: m.magnitude,
      })),
      warnings: r.warnings,
    },
  };
}
