// Expected values: Demšar (2006), "Statistical Comparisons of Classifiers over Multiple Data Sets",
// JMLR 7, Table 6 / §3.2.2 / Table 5a; and scipy 1.10.1 via Debian's /usr/bin/python3
// (scipy.stats.norm/t/chi2/f, studentized_range.ppf(1 − α, k, inf)/√2, wilcoxon, friedmanchisquare).
import { describe, expect, it } from 'vitest';
import {
  InputError,
  correctedResampledTTest,
  friedmanTest,
  holmCorrection,
  nemenyiCriticalDifference,
  nemenyiQ,
  rankAverage,
  wilcoxonSignedRank,
} from '../src/index.js';
import { chiSquaredCdf, chiSquaredSf, fCdf, fSf, normalCdf, normalSf, studentTCdf, studentTSf } from '../src/internal/distributions.js';

/** |a − b| ≤ rel·|b| (+ a tiny absolute floor for values that are exactly 0). */
const rel = (a: number, b: number, tol = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.abs(b) + 1e-300);
};

describe('distribution functions (scipy 1.10.1)', () => {
  it('normal', () => {
    const cases: Array<[number, number, number]> = [
      [-8.0, 6.22096057427174e-16, 0.9999999999999993],
      [-3.3, 0.00048342414238377744, 0.9995165758576162],
      [-1.0, 0.15865525393145707, 0.8413447460685429],
      [0.0, 0.5, 0.5],
      [0.5, 0.6914624612740131, 0.3085375387259869],
      [1.96, 0.9750021048517795, 0.024997895148220435],
      [4.0, 0.9999683287581669, 3.167124183311986e-5],
      [10.0, 1.0, 7.61985302416047e-24],
    ];
    for (const [z, cdf, sf] of cases) {
      rel(normalCdf(z), cdf);
      rel(normalSf(z), sf);
    }
  });
  it('Student t', () => {
    const cases: Array<[number, number, number, number]> = [
      [0.0, 3, 0.5, 0.5],
      [1.5, 4, 0.896, 0.10399999999999991],
      [-2.2, 9, 0.0276702863993058, 0.9723297136006942],
      [3.1, 1, 0.9006739078008814, 0.09932609219911852],
      [12.0, 29, 0.999999999999547, 4.530354166568589e-13],
      [0.3, 200, 0.617755634905336, 0.382244365094664],
      [-40.0, 5, 9.205981085886476e-8, 0.9999999079401891],
    ];
    for (const [t, df, cdf, sf] of cases) {
      rel(studentTCdf(t, df), cdf, 1e-11);
      rel(studentTSf(t, df), sf, 1e-11);
    }
  });
  it('chi-squared', () => {
    const cases: Array<[number, number, number, number]> = [
      [0.5, 1, 0.5204998778130466, 0.47950012218695337],
      [3.0, 3, 0.6083748237289109, 0.3916251762710877],
      [9.28, 3, 0.9742092758012433, 0.025790724198756772],
      [25.0, 4, 0.9999496901821769, 5.0309817823062075e-5],
      [100.0, 10, 1.0, 5.4497019829205215e-17],
      [0.01, 7, 7.569409659693437e-10, 0.999999999243059],
    ];
    for (const [x, df, cdf, sf] of cases) {
      rel(chiSquaredCdf(x, df), cdf, 1e-11);
      rel(chiSquaredSf(x, df), sf, 1e-11);
    }
  });
  it('F', () => {
    const cases: Array<[number, number, number, number, number]> = [
      [0.5, 3, 39, 0.31553178298325496, 0.6844682170167444],
      [3.69, 3, 39, 0.9802559003105111, 0.019744099689488835],
      [12.0, 2, 5, 0.9876567360502765, 0.012343263949723541],
      [1.0, 10, 10, 0.5000000000000001, 0.5000000000000001],
      [50.0, 4, 60, 0.9999999999999999, 1.892073737480539e-18],
    ];
    for (const [f, d1, d2, cdf, sf] of cases) {
      rel(fCdf(f, d1, d2), cdf, 1e-11);
      rel(fSf(f, d1, d2), sf, 1e-10);
    }
  });
});

describe('Friedman and Nemenyi: Demšar (2006) worked example', () => {
  // Table 6: AUC of C4.5, C4.5+m, C4.5+cf, C4.5+m+cf on 14 data sets. The paper ranks C4.5+cf ahead
  // of C4.5+m+cf on "voting" (both printed as 0.975, ranked on unrounded values), so 0.97501 stands
  // in for its C4.5+cf value to reproduce the paper's average ranks.
  const auc = [
    [0.763, 0.768, 0.771, 0.798], // adult (sample)
    [0.599, 0.591, 0.59, 0.569], // breast cancer
    [0.954, 0.971, 0.968, 0.967], // breast cancer wisconsin
    [0.628, 0.661, 0.654, 0.657], // cmc
    [0.882, 0.888, 0.886, 0.898], // ionosphere
    [0.936, 0.931, 0.916, 0.931], // iris
    [0.661, 0.668, 0.609, 0.685], // liver disorders
    [0.583, 0.583, 0.563, 0.625], // lung cancer
    [0.775, 0.838, 0.866, 0.875], // lymphography
    [1.0, 1.0, 1.0, 1.0], // mushroom
    [0.94, 0.962, 0.965, 0.962], // primary tumor
    [0.619, 0.666, 0.614, 0.669], // rheum
    [0.972, 0.981, 0.97501, 0.975], // voting
    [0.957, 0.978, 0.946, 0.97], // wine
  ];
  it('average ranks 3.143, 2.000, 2.893, 1.964; χ²_F = 9.28; F_F = 3.69', () => {
    const r = friedmanTest(auc);
    expect(r.nDatasets).toBe(14);
    expect(r.nModels).toBe(4);
    expect(r.averageRanks.map((v) => Math.round(v * 1000) / 1000)).toEqual([3.143, 2.0, 2.893, 1.964]);
    expect(Math.round(r.chi2 * 100) / 100).toBe(9.28);
    expect(Math.round(r.fStatistic * 100) / 100).toBe(3.69);
    expect([r.df, r.fDf1, r.fDf2]).toEqual([3, 3, 39]);
    // Exact values of the same formulas (scipy 1.10.1 for the tails).
    rel(r.chi2, 9.278571428571437, 1e-12);
    rel(r.fStatistic, 3.686313032089068, 1e-12);
    rel(r.pValue, 0.025807496707063185, 1e-10);
    rel(r.fPValue, 0.01982300619224907, 1e-10);
    // scipy.stats.friedmanchisquare (with its tie correction) on the same table.
    rel(r.chi2TieCorrected, 10.228346456692925, 1e-12);
    rel(r.pValueTieCorrected, 0.016721580328441323, 1e-10);
    expect(r.ranks[9]).toEqual([2.5, 2.5, 2.5, 2.5]);
  });
  it('CD = 1.25 for 4 models and 14 data sets at α = 0.05 (and 1.12 at α = 0.10)', () => {
    expect(Math.round(nemenyiCriticalDifference(4, 14, 0.05) * 100) / 100).toBe(1.25);
    expect(Math.round(nemenyiCriticalDifference(4, 14) * 100) / 100).toBe(1.25);
    rel(nemenyiCriticalDifference(4, 14, 0.1), 2.2913414968880566 * Math.sqrt(20 / 84), 1e-9);
  });
  it("q_α reproduces Demšar's Table 5a (2–10 models) and scipy's studentized range up to 20 models", () => {
    // Table 5a of Demšar (2006), critical values of the two-tailed Nemenyi test.
    const table05 = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
    const table10 = [1.645, 2.052, 2.291, 2.459, 2.589, 2.693, 2.78, 2.855, 2.92];
    table05.forEach((q, i) => expect(Math.abs(nemenyiQ(i + 2, 0.05) - q)).toBeLessThanOrEqual(1e-3));
    table10.forEach((q, i) => expect(Math.abs(nemenyiQ(i + 2, 0.1) - q)).toBeLessThanOrEqual(1e-3));
    // scipy.stats.studentized_range.ppf(1 − α, k, np.inf) / √2, k = 2..20.
    const q05 = [
      1.9599639845400534, 2.343700586378409, 2.569031772546482, 2.7277743708703763, 2.8497054196100016, 2.9483200175296744, 3.030878449614413,
      3.1017303413033805, 3.163683577053373, 3.2186536073291525, 3.268003924466142, 3.31273859335082, 3.3536177518523043, 3.391230283765257,
      3.4260413793706097, 3.4584247073473247, 3.4886847993791976, 3.517073008691811, 3.5437991315177815,
    ];
    const q10 = [
      1.6448536269514722, 2.0522927304967755, 2.2913414968880566, 2.4595157642714183, 2.588520601922348, 2.6927321009677594, 2.779883608152978,
      2.8546064311980253, 2.9198888400615384, 2.9777682512648735, 3.0296941831785844, 3.0767334682691447, 3.1196933331372936, 3.1591988189088367,
      3.195743433019599, 3.229723400908194, 3.2614614896472762, 3.2912239865997983, 3.319233059548415,
    ];
    q05.forEach((q, i) => rel(nemenyiQ(i + 2, 0.05), q, 1e-9));
    q10.forEach((q, i) => rel(nemenyiQ(i + 2, 0.1), q, 1e-9));
  });
  it('scipy friedmanchisquare on a table with ties', () => {
    const r = friedmanTest([[0.9, 0.8, 0.7], [0.85, 0.8, 0.6], [0.7, 0.75, 0.5], [0.6, 0.6, 0.6], [0.8, 0.7, 0.7]]);
    rel(r.chi2TieCorrected, 5.73333333333333, 1e-12);
    rel(r.pValueTieCorrected, 0.05688823834610162, 1e-10);
  });
  it('identical rankings everywhere → F_F = Infinity, p = 0', () => {
    const r = friedmanTest([[3, 2, 1], [0.9, 0.5, 0.1]]);
    expect(r.averageRanks).toEqual([1, 2, 3]);
    expect(r.fStatistic).toBe(Infinity);
    expect(r.fPValue).toBe(0);
  });
  it('rejects bad input', () => {
    expect(() => friedmanTest([[1, 2]])).toThrow(/^Argument 'scores' passed to 'friedmanTest' must have at least 2 rows/);
    expect(() => friedmanTest([[1], [2]])).toThrow(/must have at least 2 columns/);
    expect(() => friedmanTest([[1, 2], [1, 2, 3]])).toThrow(/rows of equal length/);
    expect(() => friedmanTest([[1, 2], [1, NaN]])).toThrow(/scores\[1\]\[1\] is NaN/);
    expect(() => nemenyiCriticalDifference(1, 10)).toThrow(InputError);
    expect(() => nemenyiCriticalDifference(3, 10, 1.5)).toThrow(/^Argument 'alpha' passed to 'nemenyiCriticalDifference' must be a number in \(0, 1\)/);
  });
});

describe('corrected resampled t-test (Nadeau & Bengio 2003, as Weka)', () => {
  // Expected: t = mean(d) / sqrt((1/k + nTest/nTrain)·var(d, ddof=1)), p = 2·t.sf(|t|, k−1), scipy 1.10.1.
  it('10 folds', () => {
    const a = [0.9, 0.85, 0.88, 0.91, 0.87, 0.86, 0.9, 0.89, 0.84, 0.92];
    const b = [0.8, 0.84, 0.83, 0.9, 0.85, 0.86, 0.86, 0.85, 0.83, 0.88];
    const r = correctedResampledTTest(a, b, 135, 15);
    rel(r.t, 2.3718369290060974, 1e-12);
    rel(r.pValue, 0.04178298799974848, 1e-10);
    rel(r.meanDifference, 0.032000000000000015, 1e-12);
    expect(r.df).toBe(9);
    // Correction makes it more conservative than the plain paired t-test.
    const plain = correctedResampledTTest(a, b, 1e12, 1e-12);
    expect(plain.pValue).toBeLessThan(r.pValue);
  });
  it('3 folds', () => {
    const r = correctedResampledTTest([0.9, 0.85, 0.88], [0.8, 0.84, 0.83], 120, 30);
    rel(r.t, 1.5485885391866483, 1e-12);
    rel(r.pValue, 0.2615821536095264, 1e-10);
  });
  it('zero variance (up to rounding): p = 1 for equal scores, 0 for a constant non-zero difference', () => {
    expect(correctedResampledTTest([0.9, 0.9], [0.9, 0.9], 10, 5)).toEqual({ t: 0, df: 1, pValue: 1, meanDifference: 0, standardError: 0 });
    // 0.9 − 0.8 and 0.8 − 0.7 differ in the last bits; they still count as one constant difference.
    const r = correctedResampledTTest([0.9, 0.8], [0.8, 0.7], 10, 5);
    expect(r.pValue).toBe(0);
    expect(r.t).toBe(Infinity);
    expect(correctedResampledTTest([0.7, 0.8], [0.8, 0.9], 10, 5).t).toBe(-Infinity);
  });
  it('rejects bad input', () => {
    expect(() => correctedResampledTTest([1], [1], 10, 5)).toThrow(/^Argument 'a' passed to 'correctedResampledTTest' must be an array of at least 2 finite numbers/);
    expect(() => correctedResampledTTest([1, 2], [1, 2, 3], 10, 5)).toThrow(/must have the same length \(paired folds\), but got \[2, 3\]/);
    expect(() => correctedResampledTTest([1, 2], [1, 2], 0, 5)).toThrow(/^Argument 'nTrain' passed to 'correctedResampledTTest' must be a positive number of rows, but got 0/);
  });
});

describe('Wilcoxon signed-rank test (scipy 1.10.1 wilcoxon, defaults)', () => {
  it('exact for small samples without ties', () => {
    const r = wilcoxonSignedRank([0.9, 0.8, 0.75, 0.6, 0.95], [0.84, 0.82, 0.7, 0.5, 0.92]);
    expect(r.method).toBe('exact');
    expect(r.statistic).toBe(1);
    rel(r.pValue, 0.125, 1e-15);
    const r12 = wilcoxonSignedRank(
      [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3, 1.11, 2.2, 0.4],
      [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29, 0.9, 1.2, 1.1],
    );
    expect(r12.statistic).toBe(14);
    rel(r12.pValue, 0.05224609375, 1e-15);
  });
  it('zeros → dropped, normal approximation with tie correction', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1, 1.5, 3.5, 2, 5, 4, 9, 5, 6, 7, 8, 20]);
    expect(r.method).toBe('approx');
    expect(r.n).toBe(10);
    expect(r.statistic).toBe(15.5);
    rel(r.pValue, 0.21673969697887396, 1e-12);
    expect(r.warnings[0]).toMatch(/^Exact p-value calculation does not work if there are zeros/);
  });
  it("ties → normal approximation (scipy's method='approx')", () => {
    const a = [0.8, 0.7, 0.9, 0.6, 0.75, 0.85, 0.65, 0.95];
    const b = [0.7, 0.8, 0.8, 0.5, 0.65, 0.75, 0.55, 0.85];
    const r = wilcoxonSignedRank(a, b);
    expect(r.method).toBe('approx');
    expect(r.statistic).toBe(7.5);
    rel(r.pValue, 0.12361040236823521, 1e-12);
    // scipy 1.10.1's default gives 0.1953125 here (its exact table on a truncated tied rank sum).
  });
  it('more than 50 pairs → normal approximation', () => {
    const n = 60;
    const a = Array.from({ length: n }, (_, i) => ((i * 37) % 53) / 53);
    const b = Array.from({ length: n }, (_, i) => ((i * 41 + 7) % 59) / 59);
    const r = wilcoxonSignedRank(a, b);
    expect(r.method).toBe('approx');
    expect(r.statistic).toBe(580);
    rel(r.pValue, 0.013657908275863846, 1e-12);
  });
  it('rejects all-zero differences and unequal lengths', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1, 2])).toThrow(/every difference is zero/);
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(/^Arguments 'a' and 'b' passed to 'wilcoxonSignedRank' must have the same length/);
  });
});

describe('Holm correction', () => {
  it('step-down adjusted p-values in input order', () => {
    // By hand (Holm 1979): sorted 0.01, 0.03, 0.04 → 3·0.01, max(0.03, 2·0.03), max(0.06, 1·0.04).
    const adj = holmCorrection([0.01, 0.04, 0.03]);
    [0.03, 0.06, 0.06].forEach((v, i) => rel(adj[i]!, v, 1e-15));
    expect(holmCorrection([0.5, 0.9])).toEqual([1, 1]);
    expect(holmCorrection([])).toEqual([]);
    expect(() => holmCorrection([0.1, 1.2])).toThrow(/^Argument 'pValues' passed to 'holmCorrection' must hold probabilities in \[0, 1\], but pValues\[1\] is 1.2/);
  });
});

describe('rankAverage', () => {
  it('averages ties as scipy.stats.rankdata', () => {
    expect(Array.from(rankAverage([10, 20, 10, 30, 20, 20]))).toEqual([1.5, 4, 1.5, 6, 4, 4]);
  });
});
