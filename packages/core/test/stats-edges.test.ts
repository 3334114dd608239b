// Branches of the statistical tests that the main test file leaves open (found by mutation testing:
// `pnpm mutation packages/core/src/stats.ts`). Expected values: scipy 1.10.1 via /usr/bin/python3
// (`scipy.stats.wilcoxon(a, b, mode=...)`), or worked out by hand where the comment says so.
import { describe, expect, it } from 'vitest';
import { InputError, correctedResampledTTest, friedmanTest, holmCorrection, nemenyiCriticalDifference, nemenyiQ, wilcoxonSignedRank } from '../src/index.js';

const rel = (a: number, b: number, tol: number): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
};
const throwsInput = (f: () => unknown, re: RegExp): void => {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  expect((caught as Error).message).toMatch(re);
};

describe('Wilcoxon signed-rank: methods (scipy 1.10.1)', () => {
  const a = [0.9, 0.8, 0.75, 0.6, 0.95];
  const b = [0.84, 0.82, 0.7, 0.5, 0.92];
  it("method 'approx' on 5 pairs, with the small-sample warning", () => {
    const r = wilcoxonSignedRank(a, b, { method: 'approx' });
    expect(r.method).toBe('approx');
    expect(r.statistic).toBe(1);
    rel(r.pValue, 0.07961580146011343, 1e-12);
    expect(r.z).toBeCloseTo((1 - 7.5) / Math.sqrt((5 * 6 * 11) / 24), 14);
    expect(r.warnings).toEqual(['Sample size too small for normal approximation.']);
    expect([r.n, r.rPlus, r.rMinus]).toEqual([5, 14, 1]);
  });
  it("method 'exact' on 5 pairs: no warning; on 60 pairs it is honoured", () => {
    const r = wilcoxonSignedRank(a, b, { method: 'exact' });
    expect(r).toMatchObject({ method: 'exact', statistic: 1, pValue: 0.125, z: undefined, warnings: [] });
    const n = 60;
    const x = Array.from({ length: n }, (_, i) => ((i * 37) % 53) / 53);
    const y = Array.from({ length: n }, (_, i) => ((i * 41 + 7) % 59) / 59);
    const e = wilcoxonSignedRank(x, y, { method: 'exact' });
    expect(e.method).toBe('exact');
    expect(e.statistic).toBe(580);
    rel(e.pValue, 0.013053067657742511, 1e-12);
  });
  it('mostly negative differences: the smaller sum is R+', () => {
    const r = wilcoxonSignedRank([0.5, 0.4, 0.3, 0.2, 0.1, 0.05], [0.65, 0.65, 0.25, 0.55, 0.55, 0.6]);
    expect([r.rPlus, r.rMinus, r.statistic]).toEqual([1, 20, 1]);
    rel(r.pValue, 0.0625, 1e-15);
    rel(wilcoxonSignedRank([0.5, 0.4, 0.3, 0.2, 0.1, 0.05], [0.65, 0.65, 0.25, 0.55, 0.55, 0.6], { method: 'approx' }).pValue, 0.046399461870904594, 1e-12);
  });
  it('R+ at the centre of its distribution gives p = 1', () => {
    // d = 1, −2, −3, 4: R+ = 1 + 4 = 5 = n(n+1)/4.
    const r = wilcoxonSignedRank([1, 0, 0, 4], [0, 2, 3, 0]);
    expect(r.pValue).toBe(1);
    expect(r.statistic).toBe(5);
  });
  it('rejects an unknown method', () => {
    throwsInput(() => wilcoxonSignedRank(a, b, { method: 'perm' as 'exact' }), /^Option 'method' passed to 'wilcoxonSignedRank' must be one of 'auto', 'exact', 'approx', but got 'perm'\.$/);
  });
});

describe('Friedman: degenerate tables', () => {
  it('every row all ties: no tie-corrected statistic (NaN), χ² = 0, p = 1', () => {
    const r = friedmanTest([[1, 1, 1], [2, 2, 2]]);
    expect(r.chi2).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.chi2TieCorrected).toBeNaN();
    expect(r.pValueTieCorrected).toBeNaN();
    expect(r.averageRanks).toEqual([2, 2, 2]);
  });
  it('no ties: the tie-corrected χ² equals χ² (scipy friedmanchisquare: 6.0, p 0.04978706836786395)', () => {
    // Three data sets ranking three models 1, 2, 3 identically.
    const r = friedmanTest([[3, 2, 1], [3, 2, 1], [3, 2, 1]]);
    expect(r.chi2).toBe(6);
    expect(r.chi2TieCorrected).toBe(6);
    rel(r.pValueTieCorrected, 0.04978706836786395, 1e-12);
    expect([r.nDatasets, r.nModels, r.df, r.fDf1, r.fDf2]).toEqual([3, 3, 2, 2, 4]);
    expect(r.ranks).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
  });
  it('rejects something that is not a table, naming it', () => {
    throwsInput(() => friedmanTest('abc' as never), /^Argument 'scores' passed to 'friedmanTest' must have at least 2 rows \(data sets\), but got 'abc'\.$/);
    throwsInput(() => friedmanTest([[1, 2]]), /but got 1\.$/);
    throwsInput(() => friedmanTest([[1], [2]]), /^Argument 'scores' passed to 'friedmanTest' must have at least 2 columns \(models\), but row 0 has 1\.$/);
    throwsInput(() => friedmanTest([[1, 2], [1, 2, 3]]), /but row 0 has 2 values and row 1 has 3\.$/);
  });
});

describe('Nemenyi: argument checks at their bounds', () => {
  it('accepts 2 and 1000 models and α just inside (0, 1); rejects just outside', () => {
    expect(nemenyiQ(2)).toBeGreaterThan(0);
    expect(Number.isFinite(nemenyiQ(1000, 0.05))).toBe(true);
    throwsInput(() => nemenyiQ(1001), /^Argument 'nModels' passed to 'nemenyiQ' must be an integer in \[2, 1000\], but got 1001\.$/);
    throwsInput(() => nemenyiQ(2.5), /must be an integer in \[2, 1000\], but got 2\.5\./);
    throwsInput(() => nemenyiQ(3, 0), /^Argument 'alpha' passed to 'nemenyiQ' must be a number in \(0, 1\), but got 0\.$/);
    throwsInput(() => nemenyiQ(3, 1), /but got 1\.$/);
    throwsInput(() => nemenyiQ(3, '0.05' as never), /but got '0\.05'\.$/);
  });
  it('the same q for the same arguments (cached), different for another α', () => {
    expect(nemenyiQ(4, 0.05)).toBe(nemenyiQ(4, 0.05));
    expect(nemenyiQ(4, 0.1)).toBeLessThan(nemenyiQ(4, 0.05));
    expect(nemenyiQ(5, 0.05)).toBeGreaterThan(nemenyiQ(4, 0.05));
  });
  it('CD = q·√(k(k+1)/(6N)); nDatasets must be a positive integer', () => {
    expect(nemenyiCriticalDifference(4, 1)).toBeCloseTo(nemenyiQ(4) * Math.sqrt(20 / 6), 14);
    throwsInput(() => nemenyiCriticalDifference(4, 0), /^Argument 'nDatasets' passed to 'nemenyiCriticalDifference' must be an integer ≥ 1, but got 0\.$/);
    throwsInput(() => nemenyiCriticalDifference(4, 1.5), /but got 1\.5\.$/);
    throwsInput(() => nemenyiCriticalDifference(1, 10), /^Argument 'nModels' passed to 'nemenyiCriticalDifference'/);
  });
});

describe('corrected resampled t-test: argument checks and the standard error', () => {
  it('standard error √((1/k + nTest/nTrain)·s²) (by hand: d = 0.1, 0.2, 0.3 → s² = 0.01)', () => {
    const r = correctedResampledTTest([0.9, 0.9, 0.9], [0.8, 0.7, 0.6], 100, 50);
    rel(r.standardError, Math.sqrt((1 / 3 + 0.5) * 0.01), 1e-12);
    rel(r.meanDifference, 0.2, 1e-12);
    rel(r.t, 0.2 / Math.sqrt((1 / 3 + 0.5) * 0.01), 1e-12);
    expect(r.df).toBe(2);
  });
  it('p never exceeds 1, and a negative mean gives a negative t', () => {
    const r = correctedResampledTTest([0.5, 0.7, 0.6], [0.6, 0.6, 0.61], 10, 5);
    expect(r.t).toBeLessThan(0);
    expect(r.pValue).toBeLessThanOrEqual(1);
    expect(r.pValue).toBeGreaterThan(0.5);
  });
  it('rejects nTest and nTrain that are not positive finite numbers', () => {
    throwsInput(() => correctedResampledTTest([1, 2], [1, 3], 10, 0), /^Argument 'nTest' passed to 'correctedResampledTTest' must be a positive number of rows, but got 0\.$/);
    throwsInput(() => correctedResampledTTest([1, 2], [1, 3], Infinity, 5), /^Argument 'nTrain' .* but got Infinity\.$/);
    throwsInput(() => correctedResampledTTest([1, 2], [1, 3], NaN, 5), /^Argument 'nTrain' .* but got NaN\.$/);
    throwsInput(() => correctedResampledTTest([1, 2], [1, 3], '10' as never, 5), /^Argument 'nTrain' .* but got '10'\.$/);
  });
});

describe('Holm correction: order and ties', () => {
  it('ties keep input order; the running maximum carries past a smaller later product', () => {
    // Sorted 0.01, 0.02, 0.02, 0.5 (m = 4): 0.04, max(0.04, 0.06), max(0.06, 0.04) = 0.06, max(0.06, 0.5).
    const adj = holmCorrection([0.02, 0.5, 0.01, 0.02]);
    [0.06, 0.5, 0.04, 0.06].forEach((v, i) => rel(adj[i]!, v, 1e-15));
    expect(holmCorrection([0.4, 0.3])).toEqual([0.6, 0.6]);
    throwsInput(() => holmCorrection([-0.1]), /pValues\[0\] is -0\.1\.$/);
  });
});

describe('more bounds', () => {
  it('exactly 50 pairs without ties or zeros still use the exact distribution (scipy 1.10.1: 577, p 0.5655778099255286)', () => {
    const x = Array.from({ length: 50 }, (_, i) => i + 1);
    const y = x.map((v, i) => (i % 2 ? v + v * 0.013 : v - v * 0.011));
    const r = wilcoxonSignedRank(x, y);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(577);
    rel(r.pValue, 0.5655778099255286, 1e-12);
  });
  it('a large constant difference with rounding noise is still constant (t = ±Infinity)', () => {
    // d = 1000.0000000000002 and 1000: the spread is rounding, far below 1e-12 × 1000.
    expect(correctedResampledTTest([2000.0000000000002, 2000], [1000, 1000], 10, 5).t).toBe(Infinity);
  });
  it('names the argument at fault', () => {
    throwsInput(() => correctedResampledTTest([1, 2], [1], 10, 5), /^Argument 'b' passed to 'correctedResampledTTest' must be an array of at least 2 finite numbers/);
    throwsInput(() => wilcoxonSignedRank([], [1]), /^Argument 'a' passed to 'wilcoxonSignedRank'/);
    throwsInput(() => wilcoxonSignedRank([1], []), /^Argument 'b' passed to 'wilcoxonSignedRank'/);
    throwsInput(() => holmCorrection([NaN]), /^Argument 'pValues' passed to 'holmCorrection'/);
    throwsInput(() => friedmanTest([undefined as never, [1, 2]]), /must have at least 2 columns \(models\), but row 0 has 0\.$/);
  });
  it('p-values 0 and 1 are valid Holm input', () => {
    expect(holmCorrection([0, 1])).toEqual([0, 1]);
  });
});
