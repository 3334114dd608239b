/**
 * Prediction from a Matrix checks the decision values, not every value of X
 * (src/internal/predict-input.ts): a value of X that is not finite must still be refused with
 * core's InputError naming it, on every row and with every model, and a finite X whose sums
 * overflow must still be accepted, as before.
 */
import { InputError, Matrix, argmaxRows } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '../src/index.js';
import { linearForward } from '../src/internal/kernels.js';

const n = 300;
const d = 7;
const X = Matrix.zeros(n, d);
for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = Math.sin(0.37 * i + 1.3 * j) + (j === 0 ? (i % 3) - 1 : 0);
const classes2 = Array.from({ length: n }, (_, i) => (X.data[i * d]! > 0 ? 'pos' : 'neg'));
const classes3 = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]!);
const target = Array.from({ length: n }, (_, i) => 2 * X.data[i * d]! - X.data[i * d + 3]!);

const fitted = async () => ({
  'LogisticRegression (2 classes)': await new LogisticRegression().fit(X, classes2),
  'LogisticRegression (3 classes)': await new LogisticRegression().fit(X, classes3),
  'Perceptron (2 classes)': await new Perceptron().fit(X, classes2),
  'Perceptron (3 classes)': await new Perceptron().fit(X, classes3),
  LinearRegression: await new LinearRegression().fit(X, target),
  Ridge: await new Ridge().fit(X, target),
});

/** A copy of X with one value replaced. */
function withValue(i: number, j: number, v: number): Matrix {
  const M = new Matrix(X.data.slice(), n, d);
  M.data[i * d + j] = v;
  return M;
}

describe('predicting from a Matrix with a value that is not finite', () => {
  for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity'], [-Infinity, '-Infinity']] as const) {
    it(`refuses ${shown} on a later row with core's InputError naming it (predict${'/'}predictProba)`, async () => {
      const models = await fitted();
      const M = withValue(257, 4, bad);
      for (const [name, m] of Object.entries(models)) {
        const modelName = name.split(' ')[0]!;
        const err = await m.predict(M).catch((e: unknown) => e);
        expect(err, name).toBeInstanceOf(InputError);
        expect((err as Error).message, name).toBe(
          `Argument 'X' passed to '${modelName}.predict' must be a 2-D array of finite numbers, but X[257][4] is ${shown}.` +
            (Number.isNaN(bad) ? ' Fill missing values first (SimpleImputer) or drop those rows.' : ''),
        );
        if (m instanceof LogisticRegression) {
          const perr = await m.predictProba(M).catch((e: unknown) => e);
          expect((perr as Error).message, name).toContain(`'${modelName}.predictProba'`);
          expect((perr as Error).message, name).toContain('X[257][4]');
        }
      }
    });
  }

  it('refuses a non-finite value in the first row, and one whose weight is 0 (∞ · 0 is NaN)', async () => {
    const models = await fitted();
    for (const m of Object.values(models)) await expect(m.predict(withValue(0, 2, NaN))).rejects.toThrow('X[0][2] is NaN');
    const zeroWeight = await new LinearRegression().fit(X, Array.from({ length: n }, (_, i) => X.data[i * d + 1]!));
    // Column 1 alone explains y: the other weights are ~0, an infinity in column 5 still shows.
    await expect(zeroWeight.predict(withValue(123, 5, Infinity))).rejects.toThrow('X[123][5] is Infinity');
  });

  it('accepts a finite X whose decision values overflow, as a value-by-value check does', async () => {
    const models = await fitted();
    const huge = new Matrix(new Float64Array(2 * d).fill(1.5e308), 2, d);
    for (const [name, m] of Object.entries(models)) {
      const out = await m.predict(huge);
      expect(out, name).toHaveLength(2);
    }
  });
});

describe('predicting through the kernel in chunks (internal/wasm-dots.ts)', () => {
  // 1,100 rows × 31 features: past the size where the WebAssembly kernel takes over, three
  // chunks of 512 rows (the last one partial), an odd number of features (the last term apart).
  const nb = 1100;
  const db = 31;
  const Xb = Matrix.zeros(nb, db);
  for (let i = 0; i < nb; i++) for (let j = 0; j < db; j++) Xb.data[i * db + j] = Math.cos(0.11 * i * (j + 1)) + Math.sin(0.7 * j - 0.03 * i);
  const yb = Array.from({ length: nb }, (_, i) => Xb.data[i * db]! - 0.5 * Xb.data[i * db + 7]! + 0.1 * Math.sin(i));
  const y3 = Array.from({ length: nb }, (_, i) => ['a', 'b', 'c'][(Xb.data[i * db + 2]! > 0 ? 1 : 0) + (Xb.data[i * db + 5]! > 0.5 ? 1 : 0)]!);

  /** Decision values one row at a time on the JavaScript kernel (a single row never goes through the WebAssembly one). */
  const rowByRow = (W: Float64Array, k: number, b: ArrayLike<number>): Float64Array => {
    const Z = new Float64Array(nb * k);
    const z = new Float64Array(k);
    for (let i = 0; i < nb; i++) {
      linearForward(Xb.data.subarray(i * db, (i + 1) * db), 1, db, W, k, db, false, z);
      for (let c = 0; c < k; c++) Z[i * k + c] = z[c]! + b[c]!;
    }
    return Z;
  };

  it('gives the regressors the values of the JavaScript kernel, bit for bit', async () => {
    for (const m of [await new LinearRegression().fit(Xb, yb), await new Ridge({ alpha: 3 }).fit(Xb, yb)]) {
      const expected = rowByRow(Float64Array.from(m.coef), 1, [m.intercept]);
      expect(await m.predict(Xb)).toEqual(Array.from(expected));
    }
  });

  it('gives the classifiers the labels of the JavaScript kernel, with two and three classes', async () => {
    const y2 = yb.map((v) => (v > 0 ? 'pos' : 'neg'));
    for (const y of [y2, y3]) {
      for (const m of [await new LogisticRegression().fit(Xb, y), await new Perceptron().fit(Xb, y)]) {
        const W = Float64Array.from(m.coef.flat());
        const k = m.coef.length;
        const Z = rowByRow(W, k, m.intercept);
        const codes = k === 1 ? Array.from(Z, (v) => (v > 0 ? 1 : 0)) : Array.from(argmaxRows(new Matrix(Z, nb, k)));
        const expected = codes.map((c) => m.classes[c]);
        const got = await m.predict(Xb);
        expect(got, `${m.modelName}, ${m.classes.length} classes`).toEqual(expected);
        if (m instanceof LogisticRegression) {
          // predictProba goes through the same chunks (row-major decision values): its arg-max is predict's.
          const P = await m.predictProba(Xb);
          expect(P.map((p) => m.classes[p.indexOf(Math.max(...p))]), m.modelName).toEqual(expected);
        }
      }
    }
  });

  it('refuses a value that is not finite in the last, partial chunk, naming it', async () => {
    const y2 = yb.map((v) => (v > 0 ? 'pos' : 'neg'));
    const models = [
      await new LinearRegression().fit(Xb, yb),
      await new Ridge().fit(Xb, yb),
      await new LogisticRegression().fit(Xb, y2),
      await new LogisticRegression().fit(Xb, y3),
      await new Perceptron().fit(Xb, y2),
      await new Perceptron().fit(Xb, y3),
    ];
    const M = new Matrix(Xb.data.slice(), nb, db);
    M.data[1050 * db + 30] = -Infinity;
    for (const m of models) await expect(m.predict(M), m.modelName).rejects.toThrow(`'${m.modelName}.predict' must be a 2-D array of finite numbers, but X[1050][30] is -Infinity.`);
  });
});
