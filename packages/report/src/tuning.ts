/**
 * The numbers of tuned comparisons (nested cross-validation): which result lines are inner trials
 * (they never enter the leaderboard, ranks, tests, timings or job counts), and per dataset × tuned
 * model the comparison with the family's default configuration on the same outer folds, the
 * optimism of the non-nested estimate, the anytime curve and the chosen parameters per outer fold.
 * Numbers only ({@link TuningSummary}); `tuning-words.ts` words them.
 */
import { correctedResampledTTest, studentTQuantile, type JobResult, type RunInfo, type TuningInfo } from '@mlcompare/core';
import { higherIsBetter } from './format.js';
import { shortName } from './names.js';
import type { Mark, Stat } from './stat-types.js';
import type {
  AnytimePoint,
  ChosenFold,
  InnerTrialCounts,
  Optimism,
  ParamStability,
  TunedModelSummary,
  TunedVsDefault,
  TuningSummary,
} from './tuning-types.js';
import type { DatasetSummary } from './types.js';

/**
 * Whether a result line is an inner trial of a tuned outer job (it has an `inner` record).
 *
 * @param r - A result line.
 * @returns True for an inner trial.
 */
export function isInnerTrial(r: JobResult): boolean {
  return r.inner !== undefined && r.inner !== null;
}

/**
 * Splits a run's lines into the outer jobs (the run's jobs: leaderboard, ranks, tests, times,
 * counts) and the inner trials of tuned models (counted apart, never shown as the run's jobs).
 *
 * @param results - Every line of `results.jsonl`.
 * @returns The outer jobs and the inner trials, each in file order.
 */
export function splitInnerTrials(results: readonly JobResult[]): { outer: JobResult[]; inner: JobResult[] } {
  const outer: JobResult[] = [];
  const inner: JobResult[] = [];
  for (const r of results) (isInnerTrial(r) ? inner : outer).push(r);
  return { outer, inner };
}

function describe(values: readonly number[]): Stat | null {
  if (values.length === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / values.length), n: values.length };
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Primary-metric values of finished jobs, keyed by `repeat:fold`. */
function foldScores(jobs: readonly JobResult[], metric: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const j of jobs) {
    const v = j.status === 'ok' ? j.metrics?.[metric] : null;
    if (isFiniteNumber(v)) out.set(`${j.repeat}:${j.fold}`, v);
  }
  return out;
}

/**
 * Tuned − default on the outer folds both finished: the corrected resampled t-test (core's) and its
 * interval, mean ± t(1 − α/2, k − 1) · corrected standard error.
 */
function compareWithDefault(
  tuned: readonly JobResult[],
  def: readonly JobResult[],
  d: DatasetSummary,
  defaultLabel: string,
  tunedScore: Stat | null,
  defaultScore: Stat | null,
  alpha: number,
): TunedVsDefault {
  const metric = d.primaryMetric;
  const a = foldScores(tuned, metric);
  const b = foldScores(def, metric);
  const xa: number[] = [];
  const xb: number[] = [];
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w !== undefined) {
      xa.push(v);
      xb.push(w);
    }
  }
  const base: TunedVsDefault = {
    default: defaultLabel,
    metric,
    tunedScore,
    defaultScore,
    nPairs: xa.length,
    meanDiff: xa.length > 0 ? mean(xa.map((v, i) => v - xb[i]!)) : null,
    lower: null,
    upper: null,
    confidence: 1 - alpha,
    t: null,
    pValue: null,
    mark: null,
  };
  if (xa.length < 2) return base;
  const r = correctedResampledTTest(xa, xb, d.nTrain, d.nTest);
  const half = studentTQuantile(1 - alpha / 2, r.df) * r.standardError;
  let mark: Mark = 'same';
  if (r.pValue < alpha && r.meanDifference !== 0) mark = r.meanDifference > 0 === higherIsBetter(metric) ? 'better' : 'worse';
  return {
    ...base,
    meanDiff: r.meanDifference,
    lower: r.meanDifference - half,
    upper: r.meanDifference + half,
    t: Number.isFinite(r.t) ? r.t : null,
    pValue: r.pValue,
    mark,
  };
}

/** Mean best inner score against mean outer score, on the folds with both (positive = optimistic). */
function optimismOf(jobs: ReadonlyArray<JobResult & { tuning: TuningInfo }>): Optimism | null {
  const metric = jobs[0]?.tuning.metric;
  if (metric === undefined) return null;
  const inner: number[] = [];
  const outer: number[] = [];
  for (const j of jobs) {
    const o = j.metrics?.[j.tuning.metric];
    if (j.tuning.metric === metric && isFiniteNumber(j.tuning.bestInnerScore) && isFiniteNumber(o)) {
      inner.push(j.tuning.bestInnerScore);
      outer.push(o);
    }
  }
  if (inner.length === 0) return null;
  const meanBestInner = mean(inner);
  const meanOuter = mean(outer);
  return {
    metric,
    meanBestInner,
    meanOuter,
    optimism: higherIsBetter(metric) ? meanBestInner - meanOuter : meanOuter - meanBestInner,
    folds: inner.length,
  };
}

/**
 * The mean best-so-far curve over outer folds, from 1 evaluation to the fewest any fold made, so
 * that every point averages the same folds (those with a score by then).
 */
function anytimeOf(jobs: ReadonlyArray<JobResult & { tuning: TuningInfo }>): { points: AnytimePoint[]; range: [number, number] | null } {
  const curves = jobs
    .map((j) => [...(j.tuning.anytime ?? [])].filter((p) => isFiniteNumber(p.evaluations) && p.evaluations >= 1).sort((x, y) => x.evaluations - y.evaluations))
    .filter((c) => c.length > 0);
  if (curves.length === 0) return { points: [], range: null };
  const last = curves.map((c) => c[c.length - 1]!.evaluations);
  const upTo = Math.min(...last);
  const points: AnytimePoint[] = [];
  const cursor = curves.map(() => -1);
  for (let e = 1; e <= upTo; e++) {
    const best: number[] = [];
    const cpu: number[] = [];
    curves.forEach((c, i) => {
      while (cursor[i]! + 1 < c.length && c[cursor[i]! + 1]!.evaluations <= e) cursor[i]!++;
      const p = c[cursor[i]!];
      if (!p) return;
      if (isFiniteNumber(p.cpuMs)) cpu.push(p.cpuMs / 1000);
      if (isFiniteNumber(p.best)) best.push(p.best);
    });
    if (best.length > 0 && cpu.length > 0) points.push({ evaluations: e, cpuSeconds: mean(cpu), best: mean(best), folds: best.length });
  }
  return { points, range: [upTo, Math.max(...last)] };
}

/** A parameter value as the summary keeps it (long strings shortened, as every name). */
function shownValue(v: unknown): unknown {
  return typeof v === 'string' ? shortName(v) : v;
}

/** The searched parameters chosen on each outer fold, and how often each one's favourite was chosen. */
function chosenOf(jobs: ReadonlyArray<JobResult & { tuning: TuningInfo }>): { chosen: ChosenFold[]; stability: ParamStability[] } {
  const sorted = [...jobs].sort((a, b) => a.repeat - b.repeat || a.fold - b.fold);
  const names: string[] = [];
  for (const j of sorted) for (const k of Object.keys(j.tuning.space ?? {})) if (!names.includes(k)) names.push(k);
  const chosen = sorted.map((j) => ({
    repeat: j.repeat,
    fold: j.fold,
    params: Object.fromEntries(names.filter((k) => k in (j.params ?? {})).map((k) => [shortName(k), shownValue(j.params[k])])),
    bestInnerScore: isFiniteNumber(j.tuning.bestInnerScore) ? j.tuning.bestInnerScore : null,
    evaluations: j.tuning.evaluations,
  }));
  const stability = names.map((name): ParamStability => {
    const counts = new Map<string, { value: unknown; count: number }>();
    let folds = 0;
    for (const j of sorted) {
      if (!(name in (j.params ?? {}))) continue;
      folds++;
      const value = j.params[name];
      const key = JSON.stringify(value) ?? 'undefined';
      const c = counts.get(key);
      if (c) c.count++;
      else counts.set(key, { value, count: 1 });
    }
    let top: { value: unknown; count: number } | null = null;
    for (const c of counts.values()) if (!top || c.count > top.count) top = c;
    const values = [...counts.values()].map((c) => c.value);
    const range: [number, number] | null = values.length > 0 && values.every(isFiniteNumber) ? [Math.min(...values), Math.max(...values)] : null;
    return { name: shortName(name), mostFrequent: top ? shownValue(top.value) : null, count: top?.count ?? 0, folds, distinct: counts.size, range };
  });
  return { chosen, stability };
}

/**
 * The tuning part of the summary. A tuned model is a label whose outer jobs carry a `tuning`
 * record (or whose suite entry has `tune`); its default is the same family's row with no
 * parameters given, on the same dataset. Tuned and default rows stay separate rows of the
 * leaderboard, the ranks and the tests (their labels differ); this adds what only tuning has.
 *
 * @param outer - The outer jobs (see {@link splitInnerTrials}).
 * @param inner - The inner trials.
 * @param datasets - The dataset summaries made from `outer`.
 * @param run - `run.json`, or null.
 * @param alpha - Significance level; the intervals have confidence 1 − α.
 * @returns The tuning summary, or null when the run has neither a tuned job nor an inner trial.
 */
export function summarizeTuning(
  outer: readonly JobResult[],
  inner: readonly JobResult[],
  datasets: readonly DatasetSummary[],
  run: RunInfo | null,
  alpha: number,
): TuningSummary | null {
  const tunedInSuite = new Set((run?.suite?.models ?? []).filter((m) => m.tune).map((m) => shortName(m.label)));
  const tunedLabels = new Set([...outer.filter((j) => j.tuning).map((j) => shortName(j.label)), ...tunedInSuite]);
  if (tunedLabels.size === 0 && inner.length === 0) return null;
  const innerTrials: InnerTrialCounts = { total: inner.length, ok: 0, error: 0, timeout: 0, skipped: 0 };
  for (const r of inner) innerTrials[r.status]++;

  const byKey = new Map<string, JobResult[]>();
  for (const j of outer) {
    const key = `${shortName(j.dataset)}\u0000${shortName(j.label)}`;
    const list = byKey.get(key);
    if (list) list.push(j);
    else byKey.set(key, [j]);
  }
  const models: TunedModelSummary[] = [];
  for (const d of datasets) {
    for (const row of d.models) {
      if (!tunedLabels.has(row.label)) continue;
      const jobs = byKey.get(`${d.name}\u0000${row.label}`) ?? [];
      const tunedJobs = jobs.filter((j): j is JobResult & { tuning: TuningInfo } => j.status === 'ok' && j.tuning !== undefined && j.tuning !== null);
      // The settings: from this model's jobs (any dataset: one suite entry), else from the suite.
      const info = tunedJobs[0]?.tuning ?? outer.find((j) => j.tuning && shortName(j.label) === row.label)?.tuning;
      const spec = run?.suite?.models.find((m) => shortName(m.label) === row.label)?.tune;
      // A label is tuned because a job has a tuning record or its suite entry has `tune`: one of them is there.
      const settings = (info ?? { ...spec!, innerFolds: spec!.inner.folds }) as Pick<TuningInfo, 'strategy' | 'budget' | 'innerFolds' | 'metric'>;
      const defaultRow = d.models.find(
        (r) => r.model === row.model && !tunedLabels.has(r.label) && (byKey.get(`${d.name}\u0000${r.label}`) ?? []).every((j) => Object.keys(j.params ?? {}).length === 0),
      );
      const { points, range } = anytimeOf(tunedJobs);
      const { chosen, stability } = chosenOf(tunedJobs);
      models.push({
        dataset: d.name,
        task: d.task,
        label: row.label,
        model: row.model,
        strategy: settings.strategy,
        budget: settings.budget,
        innerFolds: settings.innerFolds,
        metric: settings.metric,
        outerFolds: tunedJobs.length,
        evaluations: describe(tunedJobs.map((j) => j.tuning.evaluations).filter(isFiniteNumber)),
        cpuSeconds: describe(tunedJobs.map((j) => j.tuning.cpuMs).filter(isFiniteNumber).map((ms) => ms / 1000)),
        vsDefault: defaultRow
          ? compareWithDefault(jobs, byKey.get(`${d.name}\u0000${defaultRow.label}`) ?? [], d, defaultRow.label, row.metrics[d.primaryMetric] ?? null, defaultRow.metrics[d.primaryMetric] ?? null, alpha)
          : null,
        optimism: optimismOf(tunedJobs),
        anytime: points,
        evaluationRange: range,
        chosen,
        stability,
      });
    }
  }
  return { innerTrials, confidence: 1 - alpha, models };
}
