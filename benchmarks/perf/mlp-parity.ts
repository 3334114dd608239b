/**
 * Parity of @mlcompare/mlp with scikit-learn 1.2.1 on the five bundled data sets, with the
 * reference's hyper-parameters (benchmarks/reference/sklearn_ref.py: hidden (64, 64), ReLU, Adam,
 * lr 1e-3, max_iter 200, random_state 0) and a StandardScaler per fold. Each fold is evaluated by
 * core's `evaluateFold` (the runner's own path) on `referenceData`'s folds; the scores to compare
 * come from `referenceScores` (@mlcompare/datasets). The fit time is the fold pipeline's
 * (scaling + fit), as the runner records it.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/mlp-parity.ts [dataset…]
 */
import { evaluateFold } from '@mlcompare/core';
import { listDatasets, referenceData, referenceScores } from '@mlcompare/datasets';
import { MLPClassifier, MLPRegressor, type MLPParams } from '@mlcompare/mlp';

const DATASETS = await listDatasets();
const names = process.argv.slice(2).length ? process.argv.slice(2) : DATASETS.map((d) => d.name);
console.log('dataset        | metric | mlcompare mean | sklearn 1.2.1 | diff    | epochs per fold      | fit ms/fold (ours) | backend');
for (const name of names) {
  const info = DATASETS.find((d) => d.name === name);
  if (!info) throw new Error(`dataset must be one of ${DATASETS.map((d) => d.name).join(', ')}, got ${name}`);
  const task = info.task;
  const metric = task === 'classification' ? 'accuracy' : 'r2';
  const scores: number[] = [];
  const epochs: number[] = [];
  let ms = 0;
  let backend = '';
  const { data, folds } = await referenceData(name);
  for (const fold of folds) {
    const p: Partial<MLPParams> = { hiddenLayerSizes: [64, 64], solver: 'adam', learningRateInit: 1e-3, maxIter: 200, seed: 0 };
    const e = await evaluateFold(data, fold, {
      create: () => (task === 'classification' ? new MLPClassifier(p) : new MLPRegressor(p)),
      capabilities: { needsScaling: true, handlesMissing: false, probabilities: false },
      metrics: [metric],
    });
    ms += e.fitMs;
    scores.push(e.metrics[metric]!);
    epochs.push(e.history!.epochs);
    backend = e.backend;
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const refMean = (await referenceScores(name, 'mlp')).mean;
  console.log(
    `${name.padEnd(14)} | ${task === 'classification' ? 'acc' : 'R²'}    | ${mean.toFixed(4).padStart(14)} | ${refMean.toFixed(4).padStart(13)} | ${(mean - refMean >= 0 ? '+' : '') + (mean - refMean).toFixed(4)} | ${epochs.join(',').padEnd(20)} | ${(ms / scores.length).toFixed(0).padStart(18)} | ${backend}`,
  );
}
