/**
 * Parity with scikit-learn 1.2.1 (issue 3): on the reference folds, with a StandardScaler fit on
 * each training fold, the mean score is within 0.5 accuracy points (0.005 R²) of
 * KNeighborsClassifier(n_neighbors=5) / KNeighborsRegressor(n_neighbors=5) as recorded in
 * datasets/reference/sklearn-1.2.1.json (produced by benchmarks/reference/sklearn_ref.py).
 */
import { listDatasets, referenceCrossValidate, referenceScores } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

const DATASETS = await listDatasets();

describe('KNN parity with scikit-learn 1.2.1 on the bundled data sets', () => {
  for (const { name, task } of DATASETS) {
    // The k-d tree is not run on digits (64-D): it visits nearly every node there (~6 s).
    for (const algorithm of name === 'digits' ? (['auto', 'brute'] as const) : (['auto', 'brute', 'kd-tree'] as const)) {
      it(`${name} (${algorithm}): mean score within ${task === 'classification' ? '0.5 points' : '0.005 R²'}`, async () => {
        const ref = await referenceScores(name, 'knn');
        const make = () => (task === 'classification' ? new KNNClassifier({ nNeighbors: 5, algorithm }) : new KNNRegressor({ nNeighbors: 5, algorithm }));
        const scores = await referenceCrossValidate(name, make);
        const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
        // 0.5 accuracy points = 0.005; R² 0.005.
        expect(Math.abs(mean - ref.mean)).toBeLessThanOrEqual(0.005);
        // Per fold we match exactly except where a vote or a distance is tied; the digits folds
        // match exactly too (ml-knn's own vote differs on one fold by 2/359, BASELINES.md).
        for (let f = 0; f < scores.length; f++) expect(scores[f]).toBeCloseTo(ref.perFold[f]!, 10);
      }, 20_000);
    }
  }
});
