/**
 * Parity with scikit-learn 1.2.1 (issue 3): on the committed folds, with the reference's
 * StandardScaler per fold and `DecisionTree*(random_state=0)` ↔ our defaults (`seed: 0`), the
 * mean accuracy is within 2 points of datasets/reference/sklearn-1.2.1.json on the four
 * classification sets and R² within 0.05 on diabetes.
 *
 * In fact the scores are identical fold by fold: the default engine follows scikit-learn's best
 * splitter step for step (float32 features, same proxy formulas, same tie rule) and draws the
 * feature order from scikit-learn's own random stream, so it grows the same trees. Without that
 * stream (any other feature order), equally good splits resolve differently: measured with
 * core's Rng, digits 0.848 vs 0.860 and diabetes R² −0.170 vs −0.144.
 */
import { describe, expect, it } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../src/index.js';
import { referenceCrossValidate, referenceScores } from '@mlcompare/datasets';

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

const CASES = [
  { name: 'iris', tol: 0.02 },
  { name: 'wine', tol: 0.02 },
  { name: 'breast_cancer', tol: 0.02 },
  { name: 'digits', tol: 0.02 },
  { name: 'diabetes', tol: 0.05 },
] as const;

describe('parity with scikit-learn 1.2.1 DecisionTree*(random_state=0) on the reference folds', () => {
  for (const { name, tol } of CASES) {
    it(`${name}: mean score within ${tol} of scikit-learn, and identical per fold`, async () => {
      const ref = await referenceScores(name, 'cart');
      const make = ref.metric === 'accuracy' ? () => new DecisionTreeClassifier({ seed: 0 }) : () => new DecisionTreeRegressor({ seed: 0 });
      const scores = await referenceCrossValidate(name, make);
      expect(Math.abs(mean(scores) - ref.mean)).toBeLessThanOrEqual(tol);
      for (let k = 0; k < scores.length; k++) expect(scores[k]).toBeCloseTo(ref.perFold[k]!, 10);
    });
  }

  it('standardising does not matter for the trees here: unscaled iris and wine give the same fold scores', async () => {
    // Trees are invariant to per-feature affine maps up to where thresholds fall between float32
    // values; on these sets the unscaled fits score exactly as the scaled ones.
    for (const name of ['iris', 'wine']) {
      const scaled = await referenceCrossValidate(name, () => new DecisionTreeClassifier(), { scale: true });
      const raw = await referenceCrossValidate(name, () => new DecisionTreeClassifier(), { scale: false });
      expect(raw).toEqual(scaled);
    }
  });
});
