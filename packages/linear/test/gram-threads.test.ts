/**
 * LinearRegression's and Ridge's Gram matrix split over worker threads (nJobs): fixed chunks of
 * 1,024 rows added in chunk order, so any number of threads gives the model of one thread, bit
 * for bit (src/internal/gram-blocks.ts, gram-threads.ts, gram-worker.ts).
 */
import { Matrix, ParameterError } from '@mlcompare/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression, Ridge } from '../src/index.js';

const n = 20_000; // 20 chunks, the last one partial
const d = 64; // from GRAM_THREAD_MIN_FEATURES (src/internal/linalg.ts): fewer features fit on one thread
const X = Matrix.zeros(n, d);
for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = Math.sin((0.731 + 0.113 * j) * i + 1.91 * j * j) * (1 + j) + 0.01 * (i % 97);
const y = Array.from({ length: n }, (_, i) => Math.cos(0.37 * i) + X.data[i * d]! - 2 * X.data[i * d + 3]!);

describe('least squares with nJobs', () => {
  // Workers take chunks only once they run: start them (and load their modules) once first.
  beforeAll(async () => {
    await new Ridge({ nJobs: 3 }).fit(X, y);
  });

  it('gives the model of one thread with 2 and 3 threads (Ridge, LinearRegression)', async () => {
    for (const make of [(nJobs: number) => new Ridge({ alpha: 2.5, nJobs }), (nJobs: number) => new LinearRegression({ nJobs })]) {
      const one = await make(1).fit(X, y);
      for (const nJobs of [2, 3]) {
        const many = await make(nJobs).fit(X, y);
        expect(many.coef, `${one.modelName} nJobs ${nJobs}`).toEqual(one.coef);
        expect(many.intercept, `${one.modelName} nJobs ${nJobs}`).toBe(one.intercept);
      }
    }
  });

  it('gives the model of one thread on the next fit of other data of another length, and without an intercept', async () => {
    // The shared memory of the last fit is reused: every value must be the new data's, copied
    // during the column-means pass (fitIntercept) or by the threaded build (no intercept), with
    // a row count that is not a multiple of the means pass's four rows.
    const n2 = 18_003;
    const X2 = new Matrix(X.data.slice(3 * d, (3 + n2) * d).map((v, k) => v * 1.5 - (k % 7)), n2, d);
    const y2 = y.slice(0, n2).map((v, i) => v + X2.data[i * d + 2]!);
    for (const make of [(nJobs: number) => new Ridge({ nJobs }), (nJobs: number) => new LinearRegression({ nJobs, fitIntercept: false })]) {
      await new Ridge({ nJobs: 2 }).fit(X, y); // leaves X in the kept shared memory
      const one = await make(1).fit(X2, y2);
      const two = await make(2).fit(X2, y2);
      expect(two.coef, one.modelName).toEqual(one.coef);
      expect(two.intercept, one.modelName).toBe(one.intercept);
    }
  });

  it('refuses a number of threads that is not a whole number from 1 to 256, naming it', () => {
    for (const bad of [0, 1.5, 257, '2']) {
      expect(() => new Ridge({ nJobs: bad as number })).toThrow(ParameterError);
      expect(() => new LinearRegression({ nJobs: bad as number })).toThrow("'nJobs'");
    }
  });
});
