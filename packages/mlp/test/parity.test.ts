/**
 * Parity with scikit-learn 1.2.1 (datasets/reference/sklearn-1.2.1.json, `cv.<dataset>.models.mlp`,
 * produced by benchmarks/reference/sklearn_ref.py): MLPClassifier/MLPRegressor(hidden_layer_sizes=(64, 64),
 * solver='adam', max_iter=200, random_state=0) on the reference folds with a StandardScaler per fold.
 * The initial weights and shuffles cannot be numpy's, so scores agree within a tolerance: 2 accuracy
 * points, 0.05 R². CI runs the three quick data sets; all five run in benchmarks/perf/mlp-parity.ts
 * (breast_cancer −0.0035, digits +0.0000 when last run, see the README).
 */
import { referenceCrossValidate, referenceScores } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { MLPClassifier, MLPRegressor, type MLPParams } from '../src/index.js';

/** Mean score over the reference folds; `metric` (the reference's) picks classifier or regressor. */
async function cvMean(name: string, metric: 'accuracy' | 'r2', scaleTarget = false): Promise<number> {
  const p: Partial<MLPParams> = { hiddenLayerSizes: [64, 64], solver: 'adam', learningRateInit: 1e-3, maxIter: 200, seed: 0 };
  const make = () => (metric === 'accuracy' ? new MLPClassifier(p) : new MLPRegressor(p));
  const scores = await referenceCrossValidate(name, make, { scaleTarget });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

describe('parity with scikit-learn 1.2.1 MLP (reference hyper-parameters, 5 folds)', () => {
  for (const name of ['iris', 'wine'] as const) {
    it(`${name}: mean accuracy within 2 points`, async () => {
      const ref = await referenceScores(name, 'mlp');
      expect(Math.abs((await cvMean(name, ref.metric)) - ref.mean)).toBeLessThanOrEqual(0.02);
    }, 120_000);
  }
  it('diabetes: mean R² within 0.05', async () => {
    const ref = await referenceScores('diabetes', 'mlp');
    expect(Math.abs((await cvMean('diabetes', ref.metric)) - ref.mean)).toBeLessThanOrEqual(0.05);
  }, 120_000);
  // scaleTarget (the suites' "auto" for mlp) against scikit-learn's TransformedTargetRegressor(MLPRegressor,
  // StandardScaler()), the reference's `mlp_ystd` row (0.395, random_state 0). That network overfits the
  // standardised target within 200 epochs, so its mean depends on the initial weights: scikit-learn 1.2.1
  // itself gives 0.395, 0.293, 0.308, 0.305 with random_state 0..3 on these folds (run by hand with
  // /usr/bin/python3); ours gives 0.315, 0.350, 0.353 with seed 0..2. Hence 0.1 here, not 0.05.
  it('diabetes with the target standardised per fold: mean R² within 0.1 of mlp_ystd (scikit-learn seed spread)', async () => {
    const ref = await referenceScores('diabetes', 'mlp_ystd');
    expect(Math.abs((await cvMean('diabetes', ref.metric, true)) - ref.mean)).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
