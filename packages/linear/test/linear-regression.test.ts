import { FitError, ParameterError, StandardScaler } from '@mlcompare/core';
import { loadDataset } from '@mlcompare/datasets';
import { describe, expect, it } from 'vitest';
import { LinearRegression, Ridge } from '../src/index.js';
import { SKLEARN } from './sklearn-reference.js';

const diabetes = await loadDataset('diabetes');
const X40 = diabetes.X.toArray().slice(0, 40);
const y40 = (diabetes.y as number[]).slice(0, 40);

function expectClose(actual: readonly number[], expected: readonly number[], rel: number): void {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(...expected.map(Math.abs), 1);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!), `index ${i}`).toBeLessThanOrEqual(rel * scale);
}

describe('LinearRegression (lstsq) against scikit-learn 1.2.1', () => {
  for (const engine of ['mlcompare', 'ml-regression'] as const) {
    it(`engine ${engine}: coefficients and intercept on the first 40 diabetes rows`, async () => {
      const m = await new LinearRegression({ engine }).fit(X40, y40);
      expectClose(m.coef, SKLEARN.ols_diab40[0], 1e-9);
      expect(m.intercept).toBeCloseTo(SKLEARN.ols_diab40[1], 6);
    });
    it(`engine ${engine}: fitIntercept false`, async () => {
      const m = await new LinearRegression({ engine, fitIntercept: false }).fit(X40, y40);
      expectClose(m.coef, SKLEARN.ols_diab40_noint[0], 1e-9);
      expect(m.intercept).toBe(0);
    });
  }

  it('gives the minimum-norm solution for a duplicated column (rank deficient), as LAPACK gelsd', async () => {
    const Xd = X40.map((r) => [r[0]!, r[1]!, r[2]!, r[0]!]);
    const m = await new LinearRegression().fit(Xd, y40);
    expectClose(m.coef, SKLEARN.ols_dup[0], 1e-9);
    expect(m.intercept).toBeCloseTo(SKLEARN.ols_dup[1], 6);
  });

  it('gives coefficient 0 for a constant column', async () => {
    const Xc = X40.map((r) => [r[0]!, 5, r[2]!]);
    const m = await new LinearRegression().fit(Xc, y40);
    expect(m.coef[1]).toBe(0);
  });

  it('recovers an exact line', async () => {
    const X = [[0], [1], [2], [3]];
    const m = await new LinearRegression().fit(X, [1, 3, 5, 7]);
    expect(m.coef[0]).toBeCloseTo(2, 12);
    expect(m.intercept).toBeCloseTo(1, 12);
    expect(await m.predict([[10]])).toEqual([expect.closeTo(21, 10)]);
  });

  it('the two engines agree on every bundled-data prediction (agreement test)', async () => {
    const a = await new LinearRegression().fit(diabetes.X, diabetes.y);
    const b = await new LinearRegression({ engine: 'ml-regression' }).fit(diabetes.X, diabetes.y);
    const pa = await a.predict(diabetes.X);
    const pb = await b.predict(diabetes.X);
    for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i]! - pb[i]!)).toBeLessThan(1e-8);
  });

  it('solves data whose Xᵀy overflows float64 in a power-of-two unit (it was a FitError)', async () => {
    // Slope Σ(x − 2.5)·y / Σ(x − 2.5)² = −2a / 5 with a = 1.7e308 (the sum −2a overflows); intercept 0 − 2.5 · slope = a.
    const a = 1.7e308;
    for (const m of [new LinearRegression(), new Ridge({ alpha: 0 })]) {
      await m.fit([[1], [2], [3], [4]], [a, -a, a, -a]);
      expect(m.coef[0]! / a).toBeCloseTo(-0.4, 12);
      expect(m.intercept / a).toBeCloseTo(1, 12);
    }
  });

  it('names the method, the arguments and the feature when the coefficients overflow', async () => {
    // A slope of −0.4 · 1.7e308 / 1e-300 exceeds float64: no finite solution (Ridge with alpha = 1 has one, near 0).
    const a = 1.7e308;
    for (const m of [new LinearRegression(), new Ridge({ alpha: 0 })]) {
      await expect(m.fit([[1e-300], [2e-300], [3e-300], [4e-300]], [a, -a, a, -a])).rejects.toThrow(
        new RegExp(`^Arguments 'X' and 'y' passed to '${m.modelName}\\.fit' must give finite least-squares coefficients, but feature \\d got `),
      );
    }
  });

  it('refuses solver gd with engine ml-regression', () => {
    expect(() => new LinearRegression({ solver: 'gd', engine: 'ml-regression' })).toThrow(ParameterError);
    expect(() => new LinearRegression({ solver: 'gd', engine: 'ml-regression' })).toThrow(/'engine' parameter of LinearRegression must be 'mlcompare' when solver is 'gd'/);
  });
});

describe("LinearRegression solver 'gd'", () => {
  const train = new StandardScaler().fitTransform(diabetes.X);

  it('records a falling cost per epoch and approaches the least-squares fit', async () => {
    const gd = await new LinearRegression({ solver: 'gd', learningRate: 0.2, maxIter: 20000, tol: 1e-12 }).fit(train, diabetes.y);
    const ls = await new LinearRegression().fit(train, diabetes.y);
    const h = gd.history!;
    expect(h.epochs).toBe(h.loss.length);
    expect(h.loss.length).toBeGreaterThan(10);
    for (let e = 1; e < h.loss.length; e++) expect(h.loss[e]!).toBeLessThanOrEqual(h.loss[e - 1]!);
    // The first cost is at w = 0, b = 0: mean(y²) / 2.
    const y = diabetes.y as number[];
    expect(h.loss[0]).toBeCloseTo(y.reduce((s, v) => s + v * v, 0) / y.length / 2, 6);
    expect(await gd.score(train, diabetes.y)).toBeCloseTo(await ls.score(train, diabetes.y), 4);
  });

  it('stops at maxIter and says so', async () => {
    const gd = await new LinearRegression({ solver: 'gd', maxIter: 7 }).fit(train, diabetes.y);
    expect(gd.history!.epochs).toBe(7);
    expect(gd.history!.stopReason).toMatch(/maxIter/);
  });

  it('throws a FitError naming learningRate when the cost diverges', async () => {
    const fit = new LinearRegression({ solver: 'gd', learningRate: 5 }).fit(train, diabetes.y);
    await expect(fit).rejects.toThrow(FitError);
    await expect(new LinearRegression({ solver: 'gd', learningRate: 5 }).fit(train, diabetes.y)).rejects.toThrow(/learningRate = 5 is too large/);
  });

  it('has no history with solver lstsq', async () => {
    expect((await new LinearRegression().fit(X40, y40)).history).toBeUndefined();
  });
});

describe('Ridge against scikit-learn 1.2.1', () => {
  it('alpha 1 on the first 40 diabetes rows (intercept not penalised)', async () => {
    const m = await new Ridge({ alpha: 1 }).fit(X40, y40);
    expectClose(m.coef, SKLEARN.ridge_diab40[0], 1e-9);
    expect(m.intercept).toBeCloseTo(SKLEARN.ridge_diab40[1], 6);
  });
  it('alpha 0.01 without intercept', async () => {
    const m = await new Ridge({ alpha: 0.01, fitIntercept: false }).fit(X40, y40);
    expectClose(m.coef, SKLEARN.ridge_diab40_noint[0], 1e-9);
  });
  it('alpha 0 is ordinary least squares', async () => {
    const m = await new Ridge({ alpha: 0 }).fit(X40, y40);
    expectClose(m.coef, SKLEARN.ols_diab40[0], 1e-9);
  });
});
