/**
 * LogisticRegression's loss and gradient split over worker threads (nJobs): the rows go in fixed
 * blocks of 4,096 whose sums are added in block order, so any number of threads gives the model
 * of one thread, bit for bit (src/internal/logistic-blocks.ts, logistic-threads.ts).
 */
import { Matrix, ParameterError } from '@mlcompare/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogisticRegression } from '../src/index.js';

/** n rows × d features with a deterministic pattern and k classes (not separable: L-BFGS runs a while). */
function problem(n: number, d: number, k: number): { X: Matrix; y: string[] } {
  const X = Matrix.zeros(n, d);
  const y: string[] = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = Math.sin(0.61 * i + 1.7 * j * j + 0.3) + 0.5 * Math.cos(0.013 * i * (j + 1));
      X.data[i * d + j] = v;
      s += (j % 2 === 0 ? 1 : -0.7) * v;
    }
    // Noise from a fixed sequence, so that the classes overlap.
    const noise = Math.sin(12.9898 * i) * 43758.5453;
    const c = Math.floor(((s + 2 * (noise - Math.floor(noise)) + 10) * k) / 3) % k;
    y.push(`c${c}`);
  }
  return { X, y };
}

/** Everything a fit learned (toEqual compares the numbers exactly). */
function learned(m: LogisticRegression): unknown {
  return { coef: m.coef, intercept: m.intercept, loss: m.history?.loss, epochs: m.history?.epochs };
}

describe('LogisticRegression nJobs', () => {
  // Workers join an evaluation when they are ready: start them (and load their modules) once, so
  // that the fits below share their blocks with them from the first evaluation on.
  beforeAll(async () => {
    const { X, y } = problem(10_000, 6, 2);
    await new LogisticRegression({ nJobs: 3 }).fit(X, y);
  });

  it('gives the model of one thread with 2 and 3 threads (binary, 3 uneven blocks of rows)', async () => {
    const { X, y } = problem(10_000, 6, 2);
    const one = learned(await new LogisticRegression({ nJobs: 1 }).fit(X, y));
    expect((one as { epochs: number }).epochs).toBeGreaterThan(3);
    expect(learned(await new LogisticRegression({ nJobs: 2 }).fit(X, y))).toEqual(one);
    expect(learned(await new LogisticRegression({ nJobs: 3 }).fit(X, y))).toEqual(one);
  });

  it('gives the model of one thread with 2 threads (multinomial, 4 classes, 5 blocks)', async () => {
    const { X, y } = problem(17_000, 5, 4);
    const one = await new LogisticRegression({ nJobs: 1 }).fit(X, y);
    const two = await new LogisticRegression({ nJobs: 2 }).fit(X, y);
    expect(learned(two)).toEqual(learned(one));
    expect(await two.predictProba(X)).toEqual(await one.predictProba(X));
  });

  it('gives the model of one thread on the shared memory a larger fit handed back (another shape, stale counters)', async () => {
    const big = problem(20_000, 7, 3);
    await new LogisticRegression({ nJobs: 2 }).fit(big.X, big.y);
    const { X, y } = problem(9_000, 4, 2);
    const one = learned(await new LogisticRegression({ nJobs: 1 }).fit(X, y));
    expect(learned(await new LogisticRegression({ nJobs: 2 }).fit(X, y))).toEqual(one);
    expect(learned(await new LogisticRegression({ nJobs: 2 }).fit(X, y))).toEqual(one);
  });

  it('refuses a number of threads that is not a whole number from 1 to 256, naming it', () => {
    for (const bad of [0, -1, 1.5, 257, Number.NaN, '2']) {
      expect(() => new LogisticRegression({ nJobs: bad as number })).toThrow(ParameterError);
      expect(() => new LogisticRegression({ nJobs: bad as number })).toThrow(/'nJobs' parameter of LogisticRegression must be null or an integer in \[1, 256\]/);
    }
    expect(new LogisticRegression({ nJobs: null }).getParams().nJobs).toBeNull();
    expect(new LogisticRegression().getParams().nJobs).toBeNull();
  });
});
