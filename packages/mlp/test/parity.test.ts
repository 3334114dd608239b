/**
 * Parity with scikit-learn 1.2.1 (benchmarks/reference/sklearn-1.2.1.json, `cv.<dataset>.models.mlp`,
 * produced by benchmarks/reference/sklearn_ref.py): MLPClassifier/MLPRegressor(hidden_layer_sizes=(64, 64),
 * solver='adam', max_iter=200, random_state=0) on the reference folds with a StandardScaler per fold.
 * The initial weights and shuffles cannot be numpy's, so scores agree within a tolerance: 2 accuracy
 * points, 0.05 R². CI runs the three quick data sets; all five run in benchmarks/perf/mlp-parity.ts
 * (breast_cancer −0.0035, digits +0.0000 when last run, see the README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../src/index.js';
import { loadData, pick, scaleFold, type DatasetName } from './data.js';

const ref = JSON.parse(readFileSync(new URL('../../../benchmarks/reference/sklearn-1.2.1.json', import.meta.url), 'utf8')) as {
  cv: Record<string, { models: { mlp: { accuracy?: { mean: number }; r2?: { mean: number } } } }>;
};

async function cvMean(name: DatasetName): Promise<number> {
  const data = loadData(name);
  const p: Partial<MLPParams> = { hiddenLayerSizes: [64, 64], solver: 'adam', learningRateInit: 1e-3, maxIter: 200, seed: 0 };
  let sum = 0;
  for (const f of data.folds) {
    const { Xtr, Xte } = scaleFold(data.X, f.train, f.test);
    const m = data.task === 'classification' ? new MLPClassifier(p) : new MLPRegressor(p);
    await m.fit(Xtr, pick(data.y as string[], f.train));
    sum += await m.score(Xte, pick(data.y as string[], f.test));
    m.dispose();
  }
  return sum / data.folds.length;
}

describe('parity with scikit-learn 1.2.1 MLP (reference hyper-parameters, 5 folds)', () => {
  for (const name of ['iris', 'wine'] as const) {
    it(`${name}: mean accuracy within 2 points`, async () => {
      expect(Math.abs((await cvMean(name)) - ref.cv[name]!.models.mlp.accuracy!.mean)).toBeLessThanOrEqual(0.02);
    }, 120_000);
  }
  it('diabetes: mean R² within 0.05', async () => {
    expect(Math.abs((await cvMean('diabetes')) - ref.cv.diabetes!.models.mlp.r2!.mean)).toBeLessThanOrEqual(0.05);
  }, 120_000);
});
