/**
 * LinearRegression's and Ridge's Gram matrix split over worker threads (nJobs): fixed chunks of
 * 1,024 rows added in chunk order, so any number of threads gives the model of one thread, bit
 * for bit (src/internal/gram-blocks.ts, gram-threads.ts, gram-worker.ts).
 */
import { Matrix, ParameterError } from '@mlcompare/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearRegression, Ridge } from '../src/index.js';

const n = 60_000; // 59 chunks, the last one partial
const d = 5;
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

  it('refuses a number of threads that is not a whole number from 1 to 256, naming it', () => {
    for (const bad of [0, 1.5, 257, '2']) {
      expect(() => new Ridge({ nJobs: bad as number })).toThrow(ParameterError);
      expect(() => new LinearRegression({ nJobs: bad as number })).toThrow("'nJobs'");
    }
  });
});
