/**
 * Numbers at the edges (issue 11): parameters at infinity, finite but huge feature values,
 * and far more features than rows.
 */
import { FitError, Matrix, ParameterError } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '../src/index.js';
import { MAX_SYSTEM_ENTRIES, leastSquares } from '../src/internal/linalg.js';

describe('step sizes at the edge of their rule', () => {
  it('Perceptron refuses eta0 = Infinity before fitting (it gave NaN weights)', () => {
    expect(() => new Perceptron({ eta0: Infinity })).toThrow(ParameterError);
    expect(() => new Perceptron({ eta0: Infinity })).toThrow("The 'eta0' parameter of Perceptron must be a number in (0, Infinity). Got Infinity instead.");
  });

  it("LinearRegression 'gd' that diverges suggests a learning rate its rule accepts", async () => {
    expect(() => new LinearRegression({ solver: 'gd', learningRate: Infinity })).toThrow(ParameterError);
    const X = [[0], [1], [2], [3]];
    const y = [1, 3, 5, 7];
    const err = await new LinearRegression({ solver: 'gd', learningRate: 1e308 }).fit(X, y).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FitError);
    const suggested = /e\.g\. ([^)]+)\)/.exec((err as Error).message)?.[1];
    expect(suggested).toBeDefined();
    expect(LinearRegression.paramSpec.learningRate.accepts(Number(suggested))).toBe(true);
    expect(Number(suggested)).toBeLessThan(1e308);
  });
});

// scikit-learn 1.2.1 (/usr/bin/python3): LinearRegression (scipy lstsq, gelsd: the minimum-norm
// solution) and Ridge(alpha=0.5) (solver 'auto' → cholesky, which takes the kernel form for
// n_features > n_samples) on X[i][j] = sin(0.7 i² + 0.31 j² + 0.5 i j + 0.2) (5 × 12),
// y[i] = 3 cos(2.1 i) + i; 'olsDuplicateRow' repeats row 1 with y + 1 (rank 4 after centring).
const REF = {
  'ols': {
    'coef': [
      -0.3073245453620439,
      0.6522533049577285,
      -0.5829158983441325,
      0.645597011201564,
      -0.6682753484406582,
      0.2985049146203463,
      -0.04014722873588269,
      0.1749844824804148,
      0.5938584330168364,
      0.7398193054014154,
      0.5199721984980299,
      -0.5450203281434306
    ],
    'intercept': 1.6667664491259042
  },
  'olsNoIntercept': {
    'coef': [
      0.4998345131026243,
      1.247273227849683,
      -0.13715920158142036,
      0.9681322877160989,
      -1.4977454223859832,
      0.44862227769269525,
      0.6689031448856386,
      1.120887229663139,
      0.8143215267300579,
      0.1445927137728871,
      0.10390206164134236,
      0.0032692654705112813
    ],
    'intercept': 0.0
  },
  'ridge': {
    'coef': [
      -0.27579048675677986,
      0.5795830952028348,
      -0.5292459647417216,
      0.6045695145497857,
      -0.6336856719847213,
      0.29994886757065664,
      -0.031170003385284292,
      0.1584944173815978,
      0.5553701159824008,
      0.7012197596921524,
      0.49531447309738447,
      -0.5084451849268625
    ],
    'intercept': 1.7243939297367976
  },
  'ridgeNoIntercept': {
    'coef': [
      0.3669998170876221,
      1.1594503662483684,
      -0.21101471585705692,
      0.9229895071715433,
      -1.365233508653136,
      0.3900400271367625,
      0.5726497807605786,
      0.980937916972101,
      0.753382965477114,
      0.1839305890429563,
      0.1386556008206481,
      -0.035256030666719146
    ],
    'intercept': 0.0
  },
  'olsDuplicateRow': {
    'coef': [
      -0.2527305614578478,
      0.6954281204888456,
      -0.572626336996239,
      0.5624621579870583,
      -0.5771074381101837,
      0.2507817924652401,
      -0.020139003929375288,
      0.19887811139610795,
      0.574036456036293,
      0.7210395253403858,
      0.4891668693530092,
      -0.5836071914686147
    ],
    'intercept': 1.7936469594041766
  }
} as const;

const n = 5;
const d = 12;
const X = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(0.7 * i * i + 0.31 * j * j + 0.5 * i * j + 0.2)));
const y = Array.from({ length: n }, (_, i) => 3 * Math.cos(2.1 * i) + i);

function expectFit(m: { coef: number[]; intercept: number }, ref: { coef: readonly number[]; intercept: number }, tol = 1e-9): void {
  m.coef.forEach((c, j) => expect(Math.abs(c - ref.coef[j]!), `coef[${j}] ${c} vs ${ref.coef[j]}`).toBeLessThanOrEqual(tol));
  expect(Math.abs(m.intercept - ref.intercept)).toBeLessThanOrEqual(tol);
}

describe('least squares with more features than rows (the n × n kernel form)', () => {
  it('matches scikit-learn 1.2.1 on a 5 × 12 design, with and without an intercept', async () => {
    expectFit(await new LinearRegression().fit(X, y), REF.ols);
    expectFit(await new LinearRegression({ fitIntercept: false }).fit(X, y), REF.olsNoIntercept);
    expectFit(await new Ridge({ alpha: 0.5 }).fit(X, y), REF.ridge);
    expectFit(await new Ridge({ alpha: 0.5, fitIntercept: false }).fit(X, y), REF.ridgeNoIntercept);
  });

  it('falls back to the minimum-norm SVD solution when the kernel matrix is singular (a repeated row)', async () => {
    const m = await new LinearRegression().fit([...X, X[1]!], [...y, y[1]! + 1]);
    expectFit(m, REF.olsDuplicateRow);
    expect(m.toJSON().state).toMatchObject({ model: { method: 'svd' } });
  });

  it('fits 2 rows × 100,000 features without the 10¹⁰-entry Gram matrix (past the typed-array limit: a raw RangeError)', async () => {
    const D = 100_000;
    const rows = [Float64Array.from({ length: D }, (_, j) => Math.sin(j)), Float64Array.from({ length: D }, (_, j) => Math.cos(j))];
    const X2 = new Matrix(Float64Array.from({ length: 2 * D }, (_, k) => rows[k < D ? 0 : 1]![k % D]!), 2, D);
    for (const m of [new LinearRegression(), new Ridge({ alpha: 1e-9 })]) {
      await m.fit(X2, [1, 3]);
      const p = await m.predict(X2);
      // Two rows are interpolated exactly by the minimum-norm solution.
      expect(p[0]).toBeCloseTo(1, 6);
      expect(p[1]).toBeCloseTo(3, 6);
    }
  });

  it("refuses engine 'ml-regression' on more features than its d × d decomposition can hold, naming the engine that can", async () => {
    const d = Math.floor(Math.sqrt(MAX_SYSTEM_ENTRIES)) + 1;
    const X2 = new Matrix(new Float64Array(2 * d).map((_, k) => k % 3), 2, d);
    await expect(new LinearRegression({ engine: 'ml-regression' }).fit(X2, [0, 1])).rejects.toThrow(
      `Argument 'X' passed to 'LinearRegression.fit' has ${d} features: engine 'ml-regression' would decompose a ${d} × ${d} matrix, above the limit of ${MAX_SYSTEM_ENTRIES} entries (1 GiB). Use engine 'mlcompare', which solves the 2 × 2 kernel form when there are more features than rows.`,
    );
  });

  it('refuses, with the sizes and the limit, a system too large to allocate', () => {
    const m = Math.floor(Math.sqrt(MAX_SYSTEM_ENTRIES)) + 1;
    // Only the shape is read before the check: no data needs to exist.
    const huge = { rows: m, cols: m + 5, data: new Float64Array(0) } as unknown as Matrix;
    expect(() => leastSquares(huge, new Float64Array(m), true, 1, 'Ridge.fit')).toThrow(FitError);
    expect(() => leastSquares(huge, new Float64Array(m), true, 1, 'Ridge.fit')).toThrow(
      `Argument 'X' passed to 'Ridge.fit' is ${m} × ${m + 5}: least squares would solve a ${m} × ${m} system (1.0 GiB per copy), above the limit of ${MAX_SYSTEM_ENTRIES} entries (1 GiB).`,
    );
  });
});

describe('least squares on finite but huge or tiny values', () => {
  // Exact in ordinary units: y = x + 0 on x = 1..4. scikit-learn 1.2.1's LinearRegression finds
  // coef 1e-300 on the 1e300 data; its Ridge fails ("array must not contain infs or NaNs").
  const unit = [[1], [2], [3], [4]];
  const yy = [1, 2, 3, 4];
  it('fits features near 1e300 (predicted the constant 2.5) and near 1e-300, by lstsq, ridge and gd', async () => {
    for (const f of [1e300, 1e-300]) {
      const Xf = unit.map((r) => [r[0]! * f]);
      for (const m of [new LinearRegression(), new Ridge({ alpha: 0 }), new LinearRegression({ solver: 'gd', learningRate: 0.5, tol: 0 })]) {
        await m.fit(Xf, yy);
        const p = await m.predict(Xf);
        p.forEach((v, i) => expect(v, `${m.modelName} at ${f}`).toBeCloseTo(yy[i]!, 6));
        expect(m.coef[0]! * f).toBeCloseTo(1, 6);
      }
    }
  });

  it('fits a target near 1e300 and keeps the ridge penalty in the units of the data', async () => {
    const big = yy.map((v) => v * 1e300);
    const m = await new LinearRegression().fit(unit, big);
    expect(m.coef[0]! / 1e300).toBeCloseTo(1, 12);
    // Ridge(alpha) on (x, y · 1e300) is 1e300 × Ridge(alpha) on (x, y): the penalty is on w, not on y's unit.
    const r1 = await new Ridge({ alpha: 2 }).fit(unit, yy);
    const r2 = await new Ridge({ alpha: 2 }).fit(unit, big);
    expect(r2.coef[0]! / 1e300).toBeCloseTo(r1.coef[0]!, 12);
    expect(r2.intercept / 1e300).toBeCloseTo(r1.intercept, 12);
    // On x · f the same alpha weighs like alpha / f² on x: no penalty at f = 1e300, all penalty at f = 1e-300.
    const wide = await new Ridge({ alpha: 2 }).fit(unit.map((r) => [r[0]! * 1e300]), yy);
    expect(wide.coef[0]! * 1e300).toBeCloseTo(1, 12);
    const narrow = await new Ridge({ alpha: 2 }).fit(unit.map((r) => [r[0]! * 1e-300]), yy);
    expect(narrow.coef[0]).toBe(0);
    expect(narrow.intercept).toBeCloseTo(2.5, 12);
  });
});

describe('classifiers that cannot fit 1e300 features say so (they predicted one class without error)', () => {
  // scikit-learn 1.2.1 predicts [0, 0, 0, 0] for both here, with only a ConvergenceWarning for LogisticRegression.
  const Xh = [[1e300], [2e300], [3e300], [4e300]];
  const yc = [0, 0, 1, 1];
  it('LogisticRegression: L-BFGS that ends where it started (w = 0) is a FitError naming the value', async () => {
    for (const f of [1e300, 1e50]) {
      const err = await new LogisticRegression().fit(Xh.map((r) => [(r[0]! / 1e300) * f]), yc).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FitError);
      expect((err as Error).message).toMatch(new RegExp(`^LogisticRegression\\.fit made no progress: L-BFGS ended at its starting point w = 0 \\(.*\\)\\. Argument 'X' holds values up to ${String(4 * f).replace('+', '\\+')} \\(row 3, column 0\\)`));
    }
    // Standardised, the same data are separable and fitted.
    const m = await new LogisticRegression().fit([[-1.5], [-0.5], [0.5], [1.5]], yc);
    expect(await m.predict([[-1.5], [-0.5], [0.5], [1.5]])).toEqual(yc);
  });

  it('Perceptron: a weighted sum that overflows is a FitError naming the value and eta0', async () => {
    await expect(new Perceptron().fit(Xh, yc)).rejects.toThrow(
      /^Perceptron\.fit overflowed: the weighted sum x·w \+ b of sample \d became -?(Infinity|NaN) at epoch \d+\. Argument 'X' holds values up to 4e\+300 \(row 3, column 0\) and eta0 = 1;/,
    );
    // A finite step that overflows on ordinary data is caught the same way.
    await expect(new Perceptron({ eta0: 1e308 }).fit([[1], [2], [-3], [-1]], [0, 1, 0, 1])).rejects.toThrow(FitError);
  });
});
