// Constructed cases, one per branch of autorank's decision rules (autorank/_util.py at 10b65d3). The
// expected path and p-values come from benchmarks/reference/stats_ref.py, which re-runs those rules
// with Debian's scipy 1.10.1 and statsmodels 0.13.5 (test/data/stats-reference.json, key "autorank").
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  InputError,
  akinshinGamma,
  autoRank,
  cohenD,
  effectMagnitude,
  nemenyiCriticalDifference,
  pairedTTest,
  tukeyHsd,
  type AutoRankResult,
} from '../src/index.js';

interface Case {
  scores: number[][];
  shapiro: number[];
  allNormal: boolean;
  homogeneity: 'bartlett' | 'levene';
  homogeneityP: number;
  equalVariances: boolean;
  omnibus: string;
  omnibusP: number;
  tukeyP?: number[][];
}
const ref = JSON.parse(readFileSync(new URL('./data/stats-reference.json', import.meta.url), 'utf8')) as { autorank: Record<string, Case> };
const cases = ref.autorank;

const near = (a: number, b: number, tol: number, what: string): void => {
  expect(Math.abs(a - b), `${what}: got ${a}, expected ${b}`).toBeLessThanOrEqual(tol);
};
const steps = (r: AutoRankResult): string[] => r.path.map((s) => `${s.step}:${'test' in s ? s.test : s.measure}`);
const column = (scores: number[][], j: number): number[] => scores.map((r) => r[j]!);

/** The checks every branch shares: normality, homogeneity and omnibus as scipy decided them. */
function checkAgainstScipy(name: string): AutoRankResult {
  const c = cases[name]!;
  const r = autoRank(c.scores);
  expect(r.normality.map((s) => s.normal)).toEqual(c.shapiro.map((p) => p >= 0.05 / c.scores[0]!.length));
  // Shapiro p to 1e-5: scipy's swilk is single precision (a few float32 ulps of W move p by ~1e-6 each;
  // stat-tests.test.ts checks W and the p-value formula separately to 1e-6). The decisions are exact.
  r.normality.forEach((s, j) => near(s.pValue, c.shapiro[j]!, 1e-5, `Shapiro p of model ${j}`));
  expect(r.allNormal).toBe(c.allNormal);
  expect(r.homogeneity.test).toBe(c.homogeneity);
  near(r.homogeneity.pValue, c.homogeneityP, 1e-9, 'homogeneity p');
  expect(r.homogeneity.equalVariances).toBe(c.equalVariances);
  expect(r.omnibus.test).toBe(c.omnibus);
  // Relative: the p-values run down to 1e-18, where an absolute tolerance would not see a wrong statistic.
  near(r.omnibus.pValue, c.omnibusP, Math.max(1e-15, 1e-7 * c.omnibusP), 'omnibus p');
  expect(r.alphaNormality).toBe(0.05 / c.scores[0]!.length);
  return r;
}

describe('autoRank: the path autorank takes, branch by branch', () => {
  it('two models, both normal: Bartlett, paired t-test, Cohen\'s d', () => {
    const r = checkAgainstScipy('twoNormal');
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:bartlett', 'omnibus:pairedTTest', 'effectSize:cohenD']);
    expect(r.path[2]).toMatchObject({ because: 'twoModelsNormal', significant: true });
    expect(r.posthoc).toBeUndefined();
    expect(r.centralTendency).toBe('mean');
    const [a, b] = [column(cases.twoNormal!.scores, 0), column(cases.twoNormal!.scores, 1)];
    expect(r.omnibus.statistic).toBe(pairedTTest(a, b).statistic);
    expect(r.ranking.map((m) => m.model)).toEqual([0, 1]);
    expect(r.ranking[0]).toMatchObject({ effectSize: 0, magnitude: 'negligible' });
    expect(r.ranking[1]!.effectSize).toBe(cohenD(a, b));
    expect(r.ranking[1]!.magnitude).toBe(effectMagnitude(cohenD(a, b)));
    // 0.85 vs 0.83 with SD 0.02: d ≈ 1, a large effect.
    expect(r.ranking[1]!.magnitude).toBe('large');
  });

  it('two models, one not normal: Levene, Wilcoxon (two-sided), Akinshin\'s γ', () => {
    const r = checkAgainstScipy('twoNotNormal');
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:levene', 'omnibus:wilcoxon', 'effectSize:akinshinGamma']);
    expect(r.path[0]).toMatchObject({ allNormal: false, notNormal: [0] });
    expect(r.path[2]).toMatchObject({ because: 'twoModelsNotNormal', significant: false });
    expect(r.centralTendency).toBe('median');
    const s = cases.twoNotNormal!.scores;
    // Model 1 (normal around 0.84) beats the skewed model 0 (0.80 + exponential) on most rows.
    expect(r.ranking.map((m) => m.model)).toEqual([1, 0]);
    expect(r.ranking[1]!.effectSize).toBe(akinshinGamma(column(s, 1), column(s, 0)));
  });

  it('more models, normal, equal variances: repeated-measures ANOVA and Tukey HSD', () => {
    const r = checkAgainstScipy('normalEqualVariances');
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:bartlett', 'omnibus:rmAnova', 'posthoc:tukeyHsd', 'effectSize:cohenD']);
    expect(r.path[2]).toMatchObject({ because: 'normalEqualVariances', significant: true });
    if (r.posthoc?.test !== 'tukeyHsd') throw new Error('expected Tukey');
    expect(r.posthoc.pairs.length).toBe(6);
    for (const p of r.posthoc.pairs) {
      near(p.pValue, cases.normalEqualVariances!.tukeyP![p.i]![p.j]!, 1e-9, `Tukey p ${p.i}-${p.j}`);
      expect(p.significant).toBe(p.pValue < 0.05);
    }
    // Means 0.80, 0.82, 0.81, 0.86: model 3 first, then 1, 2, 0.
    expect(r.ranking.map((m) => m.model)).toEqual([3, 1, 2, 0]);
    near(r.ranking[0]!.center, 0.86, 1e-12, 'best mean');
  });

  it('more models, normal, unequal variances: Friedman and Nemenyi (because of the variances)', () => {
    const r = checkAgainstScipy('unequalVariances');
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:bartlett', 'omnibus:friedman', 'posthoc:nemenyi', 'effectSize:cohenD']);
    expect(r.path[2]).toMatchObject({ because: 'unequalVariances' });
    expect(r.homogeneity.equalVariances).toBe(false);
  });

  it("ties within rows: Friedman's statistic is tie-corrected, as scipy.stats.friedmanchisquare", () => {
    const r = checkAgainstScipy('notAllNormalTies');
    expect(cases.notAllNormalTies!.scores.some((row) => new Set(row).size < row.length)).toBe(true);
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:levene', 'omnibus:friedman', 'posthoc:nemenyi', 'effectSize:akinshinGamma']);
  });

  it('more models, not all normal: Levene, Friedman and Nemenyi, Akinshin\'s γ', () => {
    const r = checkAgainstScipy('notAllNormal');
    expect(steps(r)).toEqual(['normality:shapiroWilk', 'homogeneity:levene', 'omnibus:friedman', 'posthoc:nemenyi', 'effectSize:akinshinGamma']);
    expect(r.path[0]).toMatchObject({ notNormal: [0, 3] });
    expect(r.path[2]).toMatchObject({ because: 'notAllNormal', significant: true });
    if (r.posthoc?.test !== 'nemenyi') throw new Error('expected Nemenyi');
    expect(r.posthoc.criticalDifference).toBe(nemenyiCriticalDifference(4, 30, 0.05));
    for (const p of r.posthoc.pairs) {
      const d = r.ranking.find((m) => m.model === p.i)!.meanRank - r.ranking.find((m) => m.model === p.j)!.meanRank;
      near(p.rankDifference, d, 1e-12, 'rank difference');
      expect(p.significant).toBe(Math.abs(d) > r.posthoc.criticalDifference);
    }
    // Mean ranks ascending, 1 = best.
    const ranks = r.ranking.map((m) => m.meanRank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(ranks.reduce((s, v) => s + v, 0)).toBeCloseTo(10, 12);
  });
});

describe('autoRank: orientation, degenerate input, errors', () => {
  it('higherIsBetter: false ranks the lowest scores first, with positive effect sizes for the best', () => {
    const s = cases.normalEqualVariances!.scores;
    const r = autoRank(s, { higherIsBetter: false });
    expect(r.ranking.map((m) => m.model)).toEqual([0, 2, 1, 3]);
    for (const m of r.ranking.slice(1)) expect(m.effectSize).toBeGreaterThan(0);
    // Same tests, only the order changes.
    expect(r.omnibus).toEqual(autoRank(s).omnibus);
  });
  it('a model with the same score on every row counts as normal (scipy: W = 1, p = 1), with a warning', () => {
    const s = cases.twoNormal!.scores.map((r) => [r[0]!, 0.9]);
    const r = autoRank(s);
    expect(r.normality[1]).toEqual({ statistic: 1, pValue: 1, normal: true, constant: true });
    expect(r.warnings).toEqual(['constantModel']);
    expect(r.omnibus.test).toBe('pairedTTest');
    expect(r.homogeneity).toMatchObject({ test: 'bartlett', statistic: Infinity, pValue: 0, equalVariances: false });
  });
  it('fewer than 5 rows runs with a fewSamples warning', () => {
    const r = autoRank([[0.9, 0.8, 0.7], [0.85, 0.82, 0.6], [0.88, 0.79, 0.65], [0.91, 0.83, 0.66]]);
    expect(r.warnings).toEqual(['fewSamples']);
    expect(r.nSamples).toBe(4);
  });
  it('effect sizes and magnitudes (autorank\'s thresholds 0.2, 0.5, 0.8)', () => {
    expect([0, 0.19, -0.2, 0.49, 0.5, -0.79, 0.8, Infinity].map(effectMagnitude)).toEqual([
      'negligible', 'negligible', 'small', 'small', 'medium', 'medium', 'large', 'large',
    ]);
    expect(cohenD([1, 1, 1], [1, 1, 1])).toBe(0);
    expect(cohenD([2, 2, 2], [1, 1, 1])).toBe(Infinity);
    // (mean 0.82 − 0.8067) / pooled SD 0.02041 = 0.6531.
    near(cohenD([0.8, 0.82, 0.84], [0.79, 0.8, 0.83]), 0.6531972647421809, 1e-12, 'd');
    // medians 0.83 and 0.805, MADs 0.02 and 0.01 (× 1.4826), pooled √((0.02² + 0.01²)/2)·1.4826.
    near(akinshinGamma([0.8, 0.82, 0.84, 0.9], [0.79, 0.8, 0.83, 0.81]), 0.025 / (1.4826 * Math.sqrt((0.02 ** 2 + 0.01 ** 2) / 2)), 1e-12, 'γ');
    expect(() => effectMagnitude(NaN)).toThrow(/Argument 'effect' passed to 'effectMagnitude' must be a number \(not NaN\), but got NaN/);
  });
  it('agrees with tukeyHsd on the columns (independent groups, as autorank\'s MultiComparison)', () => {
    const s = cases.normalEqualVariances!.scores;
    const r = autoRank(s);
    const t = tukeyHsd([0, 1, 2, 3].map((j) => column(s, j)));
    if (r.posthoc?.test !== 'tukeyHsd') throw new Error('expected Tukey');
    expect(r.posthoc.pairs.map((p) => p.pValue)).toEqual(t.pairs.map((p) => p.pValue));
  });
  it('rejects bad input with coded errors naming the argument', () => {
    const e = (f: () => unknown, re: RegExp): void => {
      expect(f).toThrow(InputError);
      expect(f).toThrow(re);
    };
    e(() => autoRank([[1, 2], [2, 3]]), /Argument 'scores' passed to 'autoRank' must have at least 3 rows \(data sets or folds\), but got 2/);
    e(() => autoRank([[1, 2], [2, 3], [3]]), /Argument 'scores\[2\]' passed to 'autoRank' must be an array of at least 2 finite numbers, but got 1/);
    e(() => autoRank([[1, 2, 3], [2, 3, 4], [3, 4]]), /must have rows of equal length, but row 0 has 3 values and row 2 has 2/);
    e(() => autoRank([[1, 2], [2, NaN], [3, 4]]), /scores\[1\]\[1\] is NaN|scores\[1\].* is NaN/);
    e(() => autoRank([[1, 2], [1, 2], [1, 2]]), /must vary within at least one column, but every model has the same score on every row/);
    e(() => autoRank(cases.twoNormal!.scores, { alpha: 1 }), /Option 'alpha' passed to 'autoRank' must be a number in \(0, 1\), but got 1/);
  });
});
