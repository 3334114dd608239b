/**
 * Parity with scikit-learn 1.2.1 on the bundled data (issue 3): the reference folds, a
 * StandardScaler fitted on each training fold, the reference hyper-parameters
 * (LogisticRegression(max_iter=1000), LinearRegression()), and the mean score within
 * 0.5 accuracy points / 0.005 R² of benchmarks/reference/sklearn-1.2.1.json (`cv.<dataset>.models.linear`).
 */
import { StandardScaler } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression } from '../src/index.js';
import { readDataset, readFolds, readReference, take } from './data.js';

const reference = readReference();

async function cvScores(name: string, make: () => LogisticRegression | LinearRegression): Promise<number[]> {
  const { X, y } = readDataset(name);
  const scores: number[] = [];
  for (const fold of readFolds(name)) {
    const scaler = new StandardScaler().fit(take(X, fold.train));
    const model = make();
    await model.fit(scaler.transform(take(X, fold.train)), take(y as (string | number)[], fold.train) as string[] | number[]);
    scores.push(await model.score(scaler.transform(take(X, fold.test)), take(y as (string | number)[], fold.test) as string[] | number[]));
  }
  return scores;
}

const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

describe('parity with scikit-learn 1.2.1 on the reference folds', () => {
  for (const name of ['iris', 'wine', 'breast_cancer', 'digits']) {
    it(`LogisticRegression on ${name}: mean accuracy within 0.5 points`, async () => {
      const ref = reference.cv[name]!.models.linear!.accuracy!;
      const ours = await cvScores(name, () => new LogisticRegression({ maxIter: 1000 }));
      expect(Math.abs(mean(ours) - ref.mean)).toBeLessThanOrEqual(0.005);
      // Measured: every fold identical to scikit-learn's (same optimum, same arg-max).
      expect(ours).toEqual(ref.per_fold.map((v) => expect.closeTo(v, 12)));
    });
  }

  for (const engine of ['mlcompare', 'ml-regression'] as const) {
    it(`LinearRegression (engine ${engine}) on diabetes: mean R² within 0.005`, async () => {
      const ref = reference.cv.diabetes!.models.linear!.r2!;
      const ours = await cvScores('diabetes', () => new LinearRegression({ engine }));
      expect(Math.abs(mean(ours) - ref.mean)).toBeLessThanOrEqual(0.005);
      expect(ours).toEqual(ref.per_fold.map((v) => expect.closeTo(v, 10)));
    });
  }
});
