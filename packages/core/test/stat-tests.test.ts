// Expected values: test/data/stats-reference.json, written by benchmarks/reference/stats_ref.py with
// Debian's scipy 1.10.1 and statsmodels 0.13.5 (scipy.stats.shapiro, bartlett, levene, ttest_rel,
// tukey_hsd, studentized_range, norm.ppf; statsmodels AnovaRM) on the fixed inputs stored beside them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  bartlett,
  levene,
  normalQuantile,
  pairedTTest,
  rmAnova,
  shapiroWilk,
  studentizedRangeCdf,
  studentizedRangeSf,
  tukeyHsd,
} from '../src/index.js';
import { swilkPValue } from '../src/internal/swilk.js';

interface Ref {
  shapiro: Array<{ x: number[]; statistic: number; pValue: number; double?: { statistic: number; pValue: number } }>;
  bartlett: Array<{ groups: number[][]; statistic: number; pValue: number }>;
  levene: Array<{ groups: number[][]; center: 'median' | 'mean' | 'trimmed'; statistic: number; pValue: number }>;
  tukey: Array<{ groups: number[][]; statistic: number[][]; pValue: number[][] }>;
  pairedTTest: Array<{ x: number[]; y: number[]; statistic: number; pValue: number }>;
  rmAnova: Array<{ scores: number[][]; statistic: number; df1: number; df2: number; pValue: number }>;
  studentizedRange: Array<{ q: number; k: number; df: number; cdf: number; sf: number }>;
  normalQuantile: Array<{ p: number; x: number }>;
}
const ref = JSON.parse(readFileSync(new URL('./data/stats-reference.json', import.meta.url), 'utf8')) as Ref;

/** |a − b| ≤ tol (absolute), with a message naming the case. */
const near = (a: number, b: number, tol: number, what: string): void => {
  expect(Math.abs(a - b), `${what}: got ${a}, expected ${b}`).toBeLessThanOrEqual(tol);
};

describe('normalQuantile and the studentized range (scipy 1.10.1)', () => {
  it('normalQuantile matches norm.ppf to 1e-15 relative, from 1e-300 to 1 − 1e-12', () => {
    for (const { p, x } of ref.normalQuantile) near(normalQuantile(p), x, 2e-15 * Math.max(1, Math.abs(x)), `ppf(${p})`);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/Argument 'p' passed to 'normalQuantile' must be a probability in \[0, 1\], but got 1.5/);
  });
  it('studentized range CDF and SF match studentized_range to 1e-10 (ν from 1 to 1000, k from 2 to 20)', () => {
    for (const { q, k, df, cdf, sf } of ref.studentizedRange) {
      near(studentizedRangeCdf(q, k, df), cdf, 1e-10, `cdf(${q}, ${k}, ${df})`);
      near(studentizedRangeSf(q, k, df), sf, 1e-10, `sf(${q}, ${k}, ${df})`);
    }
  });
  it('the range of infinite degrees of freedom is the limit of large ν', () => {
    near(studentizedRangeCdf(3.5, 4, Infinity), studentizedRangeCdf(3.5, 4, 1e6), 1e-5, 'ν → ∞');
    expect(studentizedRangeCdf(0, 3, 10)).toBe(0);
    expect(studentizedRangeSf(-1, 3, 10)).toBe(1);
  });
  it('rejects bad arguments by name', () => {
    expect(() => studentizedRangeCdf(NaN, 3, 10)).toThrow(/Argument 'q' passed to 'studentizedRangeCdf' must be a number, but got NaN/);
    expect(() => studentizedRangeSf(2, 1, 10)).toThrow(/Argument 'k' passed to 'studentizedRangeSf' must be an integer in \[2, 1000\], but got 1/);
    expect(() => studentizedRangeSf(2, 3, 0)).toThrow(/Argument 'df' passed to 'studentizedRangeSf' must be a number > 0/);
  });
});

describe('shapiroWilk (scipy.stats.shapiro, single-precision swilk)', () => {
  // scipy 1.10.1's swilk runs in single precision: its W is off from the double-precision value by a
  // few float32 ulps (2^-24 ≈ 6e-8 near 1) that grow with n (sums of n float32 terms: 7 ulps at
  // n = 100, 17 at n = 500), and near W = 1 the p-value is steep (dp/dW ≈ 250 at n = 500, W = 0.998).
  // So the two halves are checked separately to 1e-6 where single precision allows it, and the end-to-end
  // p-value within 1e-6 plus what scipy's rounding of W can move it.
  const ulp32 = 2 ** -24;
  it('matches W to 1e-6 (n = 3 … 100) and to 2e-6 at n = 500, normal and skewed samples', () => {
    expect(ref.shapiro.length).toBeGreaterThanOrEqual(15);
    for (const { x, statistic } of ref.shapiro) {
      const r = shapiroWilk(x);
      near(r.statistic, statistic, x.length <= 100 ? 1e-6 : 2e-6, `W (n = ${x.length})`);
      expect(r.warnings).toEqual([]);
    }
  });
  it("Royston's p-value of W matches scipy's to 1e-6 at scipy's own W (n = 4 … 100)", () => {
    for (const { x, statistic, pValue } of ref.shapiro) {
      if (x.length > 3 && x.length <= 100) near(swilkPValue(statistic, x.length), pValue, 1e-6, `p (n = ${x.length})`);
    }
  });
  it("matches the p-value end to end within 1e-6 plus the effect of scipy's single-precision W", () => {
    for (const { x, statistic, pValue } of ref.shapiro) {
      const n = x.length;
      const d = (n <= 100 ? 8 : 32) * ulp32;
      const slack = n === 3 ? 1.2e-6 : Math.abs(swilkPValue(statistic + d, n) - swilkPValue(statistic - d, n)) / 2;
      near(shapiroWilk(x).pValue, pValue, 1e-6 + slack, `p (n = ${n})`);
    }
  });
  it('n = 3: W and p equal their closed forms in double precision to 1e-12 (scipy\'s p is 1.1e-6 below them)', () => {
    const cases = ref.shapiro.filter((c) => c.double !== undefined);
    expect(cases.length).toBe(2);
    for (const { x, double } of cases) {
      const r = shapiroWilk(x);
      near(r.statistic, double!.statistic, 1e-12, 'W (n = 3)');
      near(r.pValue, double!.pValue, 1e-12, 'p (n = 3)');
    }
  });
  it('does not depend on the order or location of the values', () => {
    const x = ref.shapiro[10]!.x;
    const a = shapiroWilk(x);
    const b = shapiroWilk([...x].reverse().map((v) => v + 100));
    near(b.statistic, a.statistic, 1e-12, 'W');
    near(b.pValue, a.pValue, 1e-10, 'p');
  });
  it('warns above 5000 values, as scipy', () => {
    const x = Array.from({ length: 5001 }, (_, i) => Math.sin(i) + i / 5001);
    expect(shapiroWilk(x).warnings).toEqual(['p-value may not be accurate for N > 5000.']);
  });
  it('rejects fewer than 3 values, NaN and constant samples, naming the argument', () => {
    expect(() => shapiroWilk([1, 2])).toThrow(InputError);
    expect(() => shapiroWilk([1, 2])).toThrow(/Argument 'x' passed to 'shapiroWilk' must be an array of at least 3 finite numbers, but got 2/);
    expect(() => shapiroWilk([1, NaN, 3])).toThrow(/x\[1\] is NaN/);
    expect(() => shapiroWilk([0.9, 0.9, 0.9, 0.9])).toThrow(/must not have all values equal .* every value is 0.9/);
  });
});

describe('bartlett and levene (scipy.stats)', () => {
  it('bartlett matches T and p to 1e-9 (equal and unequal group sizes)', () => {
    for (const { groups, statistic, pValue } of ref.bartlett) {
      const r = bartlett(groups);
      near(r.statistic, statistic, 1e-9, 'T');
      near(r.pValue, pValue, 1e-9, 'p');
    }
  });
  it('levene matches W and p to 1e-9 for the median (default), mean and trimmed centres', () => {
    expect(new Set(ref.levene.map((c) => c.center))).toEqual(new Set(['median', 'mean', 'trimmed']));
    for (const { groups, center, statistic, pValue } of ref.levene) {
      const r = center === 'median' ? levene(groups) : levene(groups, { center });
      near(r.statistic, statistic, 1e-9, `W (${center})`);
      near(r.pValue, pValue, 1e-9, `p (${center})`);
    }
  });
  it('a constant group next to a varying one: T = Infinity, p = 0 (scipy: inf, 0.0)', () => {
    expect(bartlett([[1, 1, 1], [1, 2, 3]])).toEqual({ statistic: Infinity, pValue: 0 });
  });
  it('rejects degenerate and malformed groups by name', () => {
    expect(() => bartlett([[1, 1, 1], [2, 2, 2]])).toThrow(/Argument 'groups' passed to 'bartlett' must have at least one group with non-zero variance/);
    expect(() => levene([[1, 1, 1], [2, 2, 2]])).toThrow(/Argument 'groups' passed to 'levene' has the same absolute deviation/);
    expect(() => bartlett([[1, 2, 3]])).toThrow(/must be an array of at least 2 groups, but got 1/);
    expect(() => levene([[1, 2, 3], [4]])).toThrow(/Argument 'groups\[1\]' passed to 'levene' must be an array of at least 2 finite numbers, but got 1/);
    expect(() => levene([[1, 2], [3, 4]], { center: 'mode' as 'mean' })).toThrow(/Option 'center' passed to 'levene' must be one of 'median', 'mean', 'trimmed', but got 'mode'/);
    expect(() => levene([[1, 2], [3, 4]], { center: 'trimmed', proportionToCut: 0.5 })).toThrow(/Option 'proportionToCut'/);
  });
});

describe('pairedTTest (scipy.stats.ttest_rel)', () => {
  it('matches t and p to 1e-10', () => {
    for (const { x, y, statistic, pValue } of ref.pairedTTest) {
      const r = pairedTTest(x, y);
      near(r.statistic, statistic, 1e-10 * Math.max(1, Math.abs(statistic)), 't');
      near(r.pValue, pValue, 1e-10, 'p');
      expect(r.df).toBe(x.length - 1);
    }
  });
  it('equal differences: ±Infinity with p = 0 (as scipy); all zero: 0 with p = 1 (scipy: NaN)', () => {
    expect(pairedTTest([1, 2, 3], [0, 1, 2])).toMatchObject({ statistic: Infinity, pValue: 0 });
    expect(pairedTTest([0, 1, 2], [1, 2, 3])).toMatchObject({ statistic: -Infinity, pValue: 0 });
    expect(pairedTTest([1, 2, 3], [1, 2, 3])).toMatchObject({ statistic: 0, pValue: 1 });
  });
  it('rejects unequal lengths and NaN by name', () => {
    expect(() => pairedTTest([1, 2, 3], [1, 2])).toThrow(/Arguments 'x' and 'y' passed to 'pairedTTest' must have the same length \(paired samples\), but got \[3, 2\]/);
    expect(() => pairedTTest([1, 2, 3], [1, NaN, 2])).toThrow(/Argument 'y' passed to 'pairedTTest' .* y\[1\] is NaN/);
  });
});

describe('rmAnova (statsmodels AnovaRM, one within factor)', () => {
  it('matches F, its degrees of freedom and p to 1e-9', () => {
    for (const { scores, statistic, df1, df2, pValue } of ref.rmAnova) {
      const r = rmAnova(scores);
      near(r.statistic, statistic, 1e-9 * Math.max(1, statistic), 'F');
      near(r.pValue, pValue, 1e-12, 'p');
      expect([r.df1, r.df2]).toEqual([df1, df2]);
    }
  });
  it('exact fits: subject effects only gives F = 0, p = 1; an exact treatment effect gives F = Infinity', () => {
    expect(rmAnova([[1, 1, 1], [2, 2, 2], [5, 5, 5]])).toMatchObject({ statistic: 0, pValue: 1 });
    expect(rmAnova([[1, 2, 3], [2, 3, 4], [5, 6, 7]])).toMatchObject({ statistic: Infinity, pValue: 0 });
  });
  it('rejects ragged rows and single rows by name', () => {
    expect(() => rmAnova([[1, 2, 3], [1, 2]])).toThrow(/Argument 'scores' passed to 'rmAnova' must have rows of equal length, but row 0 has 3 values and row 1 has 2/);
    expect(() => rmAnova([[1, 2, 3]])).toThrow(/must have at least 2 rows \(subjects\), but got 1/);
  });
});

describe('tukeyHsd (scipy.stats.tukey_hsd)', () => {
  it('matches every pair: statistic (mean difference) and p-value to 1e-9', () => {
    for (const { groups, statistic, pValue } of ref.tukey) {
      const r = tukeyHsd(groups);
      const k = groups.length;
      expect(r.pairs.length).toBe((k * (k - 1)) / 2);
      for (const p of r.pairs) {
        near(p.statistic, statistic[p.i]![p.j]!, 1e-12, `statistic[${p.i}][${p.j}]`);
        near(p.pValue, pValue[p.i]![p.j]!, 1e-9, `p[${p.i}][${p.j}]`);
      }
    }
  });
  it('zero within-group variance: equal means p = 1, different means p = 0', () => {
    const r = tukeyHsd([[1, 1], [1, 1], [2, 2]]);
    expect(r.pairs.map((p) => p.pValue)).toEqual([1, 0, 0]);
  });
});
