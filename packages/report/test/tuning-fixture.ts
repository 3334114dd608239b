/**
 * A tuned run made by hand to the results contract (core's `results.ts`: `tuning` on a tuned outer
 * job, `inner` on an inner trial line), with numbers chosen so that every figure of the tuning
 * section can be worked out on paper. Two datasets:
 * - iris (classification, accuracy; 5 outer folds of 120 / 30 rows): dummy, knn at its defaults,
 *   knn(nNeighbors=15) (a variant, not the default, ranked above it), knn (tuned) by random search over nNeighbors
 *   (4 evaluations × 3 inner folds), svm, svm (tuned) by grid over C × gamma.
 * - diabetes (regression, r2; 5 outer folds of 353 / 89 rows): dummy, svm, svm (tuned) by TPE with
 *   RMSE as the search metric (a loss: optimism = outer − inner).
 * One inner trial of knn (tuned) on iris fold 0 failed.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RESULTS_SCHEMA_VERSION, type JobResult, type RunInfo, type SearchSpace, type TuneSpec, type TuningInfo } from '@mlcompare/core';
import { FIXTURE_DIR } from './helpers.js';

/** Outer folds per dataset. */
export const FOLDS = 5;
/** Evaluations per outer fold and inner folds of every tuned model. */
export const EVALS = 4;
export const INNER = 3;

/** The per-fold numbers of one model on one dataset. */
export interface ModelPlan {
  label: string;
  model: string;
  className: string;
  params: Record<string, unknown>;
  scores: number[];
  /** Present for a tuned model. */
  tune?: {
    strategy: TuningInfo['strategy'];
    metric: string;
    space: SearchSpace;
    chosen: Array<Record<string, unknown>>;
    bestInner: number[];
    /** Outer score in the search metric when it is not the primary one. */
    outerSearchMetric?: number[];
    /** best-so-far after each of the EVALS evaluations, per fold. */
    anytime: number[][];
    /** CPU ms after each evaluation, per fold. */
    cpuMs: number[][];
  };
}

const knnSpace: SearchSpace = { nNeighbors: { kind: 'int', low: 1, high: 30, log: false } };
const svmSpace: SearchSpace = { C: { kind: 'float', low: 1e-3, high: 1e3, log: true }, gamma: { kind: 'values', values: [0.01, 0.1, 1] } };

/** iris's models. */
export const IRIS: ModelPlan[] = [
  { label: 'dummy', model: 'dummy', className: 'DummyClassifier', params: {}, scores: [0.33, 0.33, 0.33, 0.33, 0.33] },
  { label: 'knn', model: 'knn', className: 'KNNClassifier', params: {}, scores: [0.9, 0.93, 0.87, 0.93, 0.9] },
  { label: 'knn(nNeighbors=15)', model: 'knn', className: 'KNNClassifier', params: { nNeighbors: 15 }, scores: [0.93, 0.93, 0.93, 0.93, 0.93] },
  {
    label: 'knn (tuned)',
    model: 'knn',
    className: 'KNNClassifier',
    params: { weights: 'uniform' },
    scores: [0.97, 0.97, 0.93, 0.97, 0.93],
    tune: {
      strategy: 'random',
      metric: 'accuracy',
      space: knnSpace,
      chosen: [{ nNeighbors: 15 }, { nNeighbors: 15 }, { nNeighbors: 5 }, { nNeighbors: 15 }, { nNeighbors: 9 }],
      bestInner: [0.98, 0.99, 0.97, 0.98, 0.97],
      anytime: [
        [0.9, 0.95, 0.98, 0.98],
        [0.92, 0.92, 0.99, 0.99],
        [0.94, 0.96, 0.96, 0.97],
        [0.9, 0.98, 0.98, 0.98],
        [0.91, 0.91, 0.95, 0.97],
      ],
      cpuMs: [
        [10, 20, 30, 40],
        [12, 24, 36, 48],
        [8, 16, 24, 32],
        [10, 20, 30, 40],
        [10, 20, 30, 40],
      ],
    },
  },
  { label: 'svm', model: 'svm', className: 'SVC', params: {}, scores: [0.93, 0.97, 0.93, 0.97, 0.93] },
  {
    label: 'svm (tuned)',
    model: 'svm',
    className: 'SVC',
    params: {},
    scores: [0.93, 0.97, 0.97, 0.93, 0.93],
    tune: {
      strategy: 'grid',
      metric: 'accuracy',
      space: svmSpace,
      chosen: [{ C: 10, gamma: 0.1 }, { C: 10, gamma: 0.1 }, { C: 1, gamma: 0.1 }, { C: 10, gamma: 1 }, { C: 10, gamma: 0.1 }],
      bestInner: [0.97, 0.98, 0.98, 0.97, 0.97],
      anytime: [
        [0.95, 0.96, 0.97, 0.97],
        [0.97, 0.98, 0.98, 0.98],
        [0.93, 0.98, 0.98, 0.98],
        [0.97, 0.97, 0.97, 0.97],
        [0.96, 0.96, 0.97, 0.97],
      ],
      cpuMs: [
        [100, 200, 300, 400],
        [100, 200, 300, 400],
        [100, 200, 300, 400],
        [100, 200, 300, 400],
        [100, 200, 300, 400],
      ],
    },
  },
];

/** diabetes's models. */
export const DIABETES: ModelPlan[] = [
  { label: 'dummy', model: 'dummy', className: 'DummyRegressor', params: {}, scores: [-0.01, -0.02, -0.01, 0, -0.03] },
  { label: 'svm', model: 'svm', className: 'SVR', params: {}, scores: [0.15, 0.18, 0.12, 0.16, 0.14] },
  {
    label: 'svm (tuned)',
    model: 'svm',
    className: 'SVR',
    params: {},
    scores: [0.45, 0.48, 0.41, 0.47, 0.44],
    tune: {
      strategy: 'tpe',
      metric: 'rmse',
      space: svmSpace,
      chosen: [{ C: 100, gamma: 0.01 }, { C: 100, gamma: 0.01 }, { C: 100, gamma: 0.01 }, { C: 30, gamma: 0.01 }, { C: 100, gamma: 0.01 }],
      bestInner: [52, 53, 54, 52, 54],
      outerSearchMetric: [55, 54, 58, 55, 58],
      anytime: [
        [70, 60, 55, 52],
        [68, 68, 53, 53],
        [71, 58, 54, 54],
        [60, 56, 52, 52],
        [70, 65, 60, 54],
      ],
      cpuMs: [
        [50, 100, 150, 200],
        [50, 100, 150, 200],
        [50, 100, 150, 200],
        [50, 100, 150, 200],
        [50, 100, 150, 200],
      ],
    },
  },
];

const ROWS = { iris: { nTrain: 120, nTest: 30, task: 'classification' as const, metric: 'accuracy' }, diabetes: { nTrain: 353, nTest: 89, task: 'regression' as const, metric: 'r2' } };

function tuneSpec(t: NonNullable<ModelPlan['tune']>): TuneSpec {
  return { strategy: t.strategy, budget: { evals: EVALS }, inner: { kind: 'kfold', folds: INNER, shuffle: false }, metric: t.metric, space: t.space };
}

/** Every line of the run's results.jsonl: outer jobs, then each tuned outer job's inner trials after it. */
export function tunedResults(): JobResult[] {
  const out: JobResult[] = [];
  let time = 0;
  const finishedAt = () => new Date(Date.UTC(2026, 0, 1) + 1000 * time++).toISOString();
  for (const [dataset, plans] of [['iris', IRIS], ['diabetes', DIABETES]] as const) {
    const { nTrain, nTest, task, metric } = ROWS[dataset];
    for (const p of plans) {
      for (let f = 0; f < FOLDS; f++) {
        const jobId = `${dataset}/${p.label}/r0/f${f}`;
        const metrics: Record<string, number | null> = { [metric]: p.scores[f]! };
        if (p.tune?.outerSearchMetric) metrics[p.tune.metric] = p.tune.outerSearchMetric[f]!;
        const base = {
          schema: RESULTS_SCHEMA_VERSION as typeof RESULTS_SCHEMA_VERSION, dataset, task, model: p.model, className: p.className, label: p.label, repeat: 0, fold: f, seed: 100 + f,
          status: 'ok' as const, error: null, fitMs: 2, predictMs: 1, backend: 'js',
        };
        if (!p.tune) {
          out.push({ ...base, jobId, params: p.params, metrics, nTrain, nTest, finishedAt: finishedAt() });
          continue;
        }
        const t = p.tune;
        // The inner trials: EVALS candidates × INNER folds, written before their outer job.
        for (let trial = 0; trial < EVALS; trial++) {
          for (let k = 0; k < INNER; k++) {
            const failed = dataset === 'iris' && p.model === 'knn' && f === 0 && trial === 1 && k === 2;
            out.push({
              ...base, jobId: `${jobId}/t${trial}/i${k}`, params: { ...p.params, ...t.chosen[(f + trial) % FOLDS]! }, seed: 1000 * f + 10 * trial + k, fitMs: 50, predictMs: 40,
              status: failed ? 'error' : 'ok', error: failed ? 'FitError: singular matrix' : null,
              metrics: failed ? {} : { [t.metric]: t.anytime[f]![trial]! }, nTrain: Math.round((nTrain * (INNER - 1)) / INNER), nTest: Math.round(nTrain / INNER),
              inner: { outerJobId: jobId, trial, innerFold: k }, finishedAt: finishedAt(),
            });
          }
        }
        const tuning: TuningInfo = {
          strategy: t.strategy, nested: true, evaluations: EVALS, budget: { evals: EVALS }, innerFolds: INNER, metric: t.metric,
          bestInnerScore: t.bestInner[f]!, space: t.space, cpuMs: t.cpuMs[f]![EVALS - 1]!,
          anytime: t.anytime[f]!.map((best, e) => ({ evaluations: e + 1, cpuMs: t.cpuMs[f]![e]!, best })),
        };
        out.push({ ...base, jobId, params: { ...p.params, ...t.chosen[f]! }, metrics, nTrain, nTest, tuning, finishedAt: finishedAt() });
      }
    }
  }
  return out;
}

/** run.json of the tuned run: the suite's models with their `tune` settings. */
export function tunedRunInfo(): RunInfo {
  const run = JSON.parse(readFileSync(join(FIXTURE_DIR, 'run.json'), 'utf8')) as RunInfo;
  const seen = new Set<string>();
  const models = [...IRIS, ...DIABETES]
    .filter((p) => !seen.has(p.label) && seen.add(p.label))
    .map((p) => ({ model: p.model, params: p.params, label: p.label, ...(p.tune ? { tune: tuneSpec(p.tune) } : {}) }));
  run.suite = { ...run.suite, name: 'tuned', datasets: [{ kind: 'bundled', name: 'iris' }, { kind: 'bundled', name: 'diabetes' }], models, resamplingText: '5-fold' };
  run.suiteName = 'tuned';
  run.datasets = run.datasets.filter((d) => d.name !== 'moons');
  run.totalJobs = tunedResults().filter((r) => !r.inner).length;
  return run;
}

/** The tuned run written to a fresh temporary folder (results.jsonl and run.json). */
export function writeTunedRun(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-tuned-'));
  writeFileSync(join(dir, 'results.jsonl'), tunedResults().map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(join(dir, 'run.json'), JSON.stringify(tunedRunInfo(), null, 2) + '\n');
  return dir;
}
