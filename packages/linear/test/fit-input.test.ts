/**
 * LinearRegression's and Ridge's fit from a Matrix does not scan X value by value before the fit:
 * the column-means pass of least squares checks the values (src/internal/linalg.ts, `checkX`;
 * src/internal/predict-input.ts, `fitInputOfMatrix`). A NaN or ±∞ anywhere must still get core's
 * InputError naming it, word for word as core's check gives it, on every path (one thread and
 * threads, with and without an intercept, more features than rows), and the model must keep
 * its previous fit; a finite X must give the model that the same rows as number[][] give.
 */
import { InputError, Matrix, toMatrix } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, Ridge } from '../src/index.js';

/** n × d values, none of them 0 and some of them large, as a Matrix. */
function data(n: number, d: number): { X: Matrix; y: number[] } {
  const X = Matrix.zeros(n, d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = Math.sin((0.731 + 0.113 * j) * i + 1.91 * j * j) * (1 + j) + 0.01 * (i % 97);
  const y = Array.from({ length: n }, (_, i) => Math.cos(0.37 * i) + X.data[i * d]! - 2 * X.data[i * d + (d > 3 ? 3 : 0)]!);
  return { X, y };
}

/** The error core's own check of X gives (what BaseRegressor.fit threw before it ran X through toMatrix). */
function coreError(X: Matrix, caller: string): Error {
  try {
    toMatrix(X, 'X', caller);
  } catch (e) {
    return e as Error;
  }
  throw new Error('X passed core check');
}

const makers = {
  'Ridge nJobs 1': () => new Ridge({ nJobs: 1, alpha: 0.5 }),
  'Ridge nJobs 2': () => new Ridge({ nJobs: 2, alpha: 0.5 }),
  'Ridge fitIntercept false': () => new Ridge({ fitIntercept: false }),
  'LinearRegression nJobs 1': () => new LinearRegression({ nJobs: 1 }),
  'LinearRegression nJobs 2': () => new LinearRegression({ nJobs: 2 }),
  'LinearRegression fitIntercept false': () => new LinearRegression({ fitIntercept: false, nJobs: 2 }),
};

describe('fit from a Matrix with a value that is not finite', () => {
  // 20,000 × 64: from 16,384 rows and 64 features the Gram matrix goes to threads; 20,000 × 5
  // and 300 × 7: one thread on the kernel; 30 × 4: row-by-row updates; 6 × 9: more features than
  // rows (the kernel form).
  const shapes: Array<[number, number, number, number]> = [
    [20_000, 64, 19_999, 63],
    [20_000, 64, 10_241, 2],
    [20_000, 5, 19_999, 4],
    [300, 7, 257, 4],
    [30, 4, 29, 3],
    [6, 9, 5, 8],
  ];
  for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
    it(`refuses ${shown} after the first row with core's InputError, word for word, and keeps the previous model`, async () => {
      for (const [n, d, i, j] of shapes) {
        const { X, y } = data(n, d);
        const B = new Matrix(X.data.slice(), n, d);
        B.data[i * d + j] = bad;
        for (const [name, make] of Object.entries(makers)) {
          const m = await make().fit(X, y);
          const coef = m.coef;
          const err = await m.fit(B, y).catch((e: unknown) => e);
          const want = coreError(B, `${m.modelName}.fit`);
          expect(err, `${name}, ${n} × ${d}`).toBeInstanceOf(InputError);
          expect((err as InputError).message, `${name}, ${n} × ${d}`).toBe(want.message);
          expect((err as InputError).code, `${name}, ${n} × ${d}`).toBe((want as InputError).code);
          expect(m.coef, `${name}, ${n} × ${d}`).toEqual(coef);
        }
      }
    });
  }

  it('refuses a bad first row, no rows, a bad y and lengths that differ as core does', async () => {
    const { X, y } = data(40, 3);
    const first = new Matrix(X.data.slice(), 40, 3);
    first.data[1] = NaN;
    for (const make of Object.values(makers)) {
      await expect(make().fit(first, y)).rejects.toThrow("Argument 'X' passed to '" + make().modelName + ".fit' must be a 2-D array of finite numbers, but X[0][1] is NaN.");
      await expect(make().fit(new Matrix(new Float64Array(0), 0, 3), [])).rejects.toThrow('with at least one row, but got 0 rows');
      await expect(make().fit(X, y.map((v, i) => (i === 7 ? Infinity : v)))).rejects.toThrow("Argument 'y' passed to");
      await expect(make().fit(X, y.slice(1))).rejects.toThrow(`Found X and y with inconsistent numbers of samples: [40, 39] (in '${make().modelName}.fit').`);
    }
  });
});

describe('fit from a Matrix with finite values', () => {
  it('gives the model of the same rows as number[][], bit for bit', async () => {
    for (const [n, d] of [[20_000, 64], [20_000, 5], [300, 7], [6, 9]] as const) {
      const { X, y } = data(n, d);
      for (const [name, make] of Object.entries(makers)) {
        const a = await make().fit(X, y);
        const b = await make().fit(X.toArray(), y);
        expect(a.coef, `${name}, ${n} × ${d}`).toEqual(b.coef);
        expect(a.intercept, `${name}, ${n} × ${d}`).toBe(b.intercept);
      }
    }
  });

  it('accepts finite values whose column sums overflow (solved in a power-of-two unit), as number[][] does', async () => {
    const X = new Matrix(Float64Array.from([1.5e308, 1, 1.6e308, 2, -1e308, 3, 1.7e308, 5]), 4, 2);
    const y = [1, 2, 3, 4];
    for (const make of Object.values(makers)) {
      const a = await make().fit(X, y);
      const b = await make().fit(X.toArray(), y);
      expect(a.coef).toEqual(b.coef);
      expect(a.coef.every(Number.isFinite)).toBe(true);
    }
  });
});
