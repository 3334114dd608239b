/**
 * Parity of @mlcompare/mlp with scikit-learn 1.2.1 on the five bundled data sets, with the
 * reference's hyper-parameters (benchmarks/reference/sklearn_ref.py: hidden (64, 64), ReLU, Adam,
 * lr 1e-3, max_iter 200, random_state 0) and a StandardScaler per fold.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/mlp-parity.ts [dataset…]
 */
import { readFileSync } from 'node:fs';
import { MLPClassifier, MLPRegressor, type MLPParams } from '@mlcompare/mlp';
import { DATASETS, loadData, pick, scaleFold, type DatasetName } from './mlp-data.js';

interface RefModel { accuracy?: { mean: number }; r2?: { mean: number }; fit_ms: { mean: number } }
const ref = JSON.parse(readFileSync(new URL('../reference/sklearn-1.2.1.json', import.meta.url), 'utf8')) as {
  cv: Record<string, { models: Record<string, RefModel> }>;
};
const names = (process.argv.slice(2).length ? process.argv.slice(2) : DATASETS) as DatasetName[];
console.log('dataset        | metric | mlcompare mean | sklearn 1.2.1 | diff    | epochs per fold      | fit ms/fold (ours) | backend');
for (const name of names) {
  const data = loadData(name);
  const scores: number[] = [];
  const epochs: number[] = [];
  let ms = 0;
  let backend = '';
  for (const f of data.folds) {
    const { Xtr, Xte } = scaleFold(data.X, f.train, f.test);
    const p: Partial<MLPParams> = { hiddenLayerSizes: [64, 64], solver: 'adam', learningRateInit: 1e-3, maxIter: 200, seed: 0 };
    const m = data.task === 'classification' ? new MLPClassifier(p) : new MLPRegressor(p);
    const t0 = performance.now();
    await m.fit(Xtr, pick(data.y as (string | number)[], f.train) as string[]);
    ms += performance.now() - t0;
    scores.push(await m.score(Xte, pick(data.y as (string | number)[], f.test) as string[]));
    epochs.push(m.history!.epochs);
    backend = m.backend;
    m.dispose();
  }
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const r = ref.cv[name]!.models.mlp!;
  const refMean = data.task === 'classification' ? r.accuracy!.mean : r.r2!.mean;
  console.log(
    `${name.padEnd(14)} | ${data.task === 'classification' ? 'acc' : 'R²'}    | ${mean.toFixed(4).padStart(14)} | ${refMean.toFixed(4).padStart(13)} | ${(mean - refMean >= 0 ? '+' : '') + (mean - refMean).toFixed(4)} | ${epochs.join(',').padEnd(20)} | ${(ms / scores.length).toFixed(0).padStart(18)} | ${backend}`,
  );
}
