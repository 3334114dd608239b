/**
 * Statistical tests for comparing models, as pure functions: the Friedman test with the
 * Iman–Davenport correction and the Nemenyi critical difference (Demšar 2006), the corrected
 * resampled t-test (Nadeau & Bengio 2003, Weka's default), the Wilcoxon signed-rank test (as
 * scipy.stats.wilcoxon) and Holm's step-down correction. The distribution functions they use are
 * in `internal/distributions.ts`, outside the public surface.
 *
 * References: J. Demšar, "Statistical Comparisons of Classifiers over Multiple Data Sets", JMLR 7
 * (2006) 1–30; C. Nadeau and Y. Bengio, "Inference for the Generalization Error", Machine Learning
 * 52 (2003) 239–281; R. R. Bouckaert and E. Frank, "Evaluating the Replicability of Significance
 * Tests for Comparing Learning Algorithms", PAKDD 2004 (Weka's corrected paired t-tester);
 * S. Holm, "A Simple Sequentially Rejective Multiple Test Procedure", Scand. J. Statist. 6 (1979).
 */
import { InputError, formatValue } from './errors.js';
import { chiSquaredSf, fSf, normalSf, studentTSf, studentizedRangeQuantileInf } from './internal/distributions.js';
import { toFiniteArray } from './internal/validate.js';

/**
 * Ranks with ties averaged (1 = smallest), as scipy.stats.rankdata(method='average').
 * @param values - the values to rank; not validated, so pass finite numbers (NaN ranks are unspecified).
 * @returns the rank of each value, in the input order; tied values share the mean of their ranks.
 * @throws Nothing: the input is not checked.
 * @example
 * ```ts
 * Array.from(rankAverage([3, 1, 3, 2])); // [3.5, 1, 3.5, 2]
 * ```
 */
export function rankAverage(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) ranks[order[m]!] = r;
    i = j + 1;
  }
  return ranks;
}

/** Result of {@link friedmanTest}. */
export interface FriedmanResult {
  /** Number of data sets (rows) and models (columns). */
  nDatasets: number;
  nModels: number;
  /** Rank of each model on each data set (1 = best; ties share the average rank). */
  ranks: number[][];
  /** Mean rank of each model over the data sets (lower is better). */
  averageRanks: number[];
  /** Friedman's χ²_F, Demšar (2006) eq. in §3.2.2 (no tie correction). */
  chi2: number;
  /** Degrees of freedom of χ²_F: nModels − 1. */
  df: number;
  /** P(χ² > chi2). */
  pValue: number;
  /** Iman–Davenport F_F = (N − 1)χ²_F / (N(k − 1) − χ²_F); Infinity when all data sets rank the models identically. */
  fStatistic: number;
  /** Degrees of freedom of F_F: k − 1 and (k − 1)(N − 1). */
  fDf1: number;
  fDf2: number;
  /** P(F > fStatistic); the p-value Demšar recommends. */
  fPValue: number;
  /** χ² divided by the tie correction 1 − Σ(t³ − t)/(N·k·(k² − 1)), as scipy.stats.friedmanchisquare (NaN when every row is all ties). */
  chi2TieCorrected: number;
  /** P(χ² > chi2TieCorrected), scipy's p-value. */
  pValueTieCorrected: number;
}

/**
 * Friedman test over data sets (Demšar 2006, §3.2.2): do the models' ranks differ more than chance?
 * @param scores - one row per data set, one column per model; higher is better (negate losses first).
 * @returns ranks, average ranks, Friedman's χ²_F and the Iman–Davenport F_F with p-values.
 * @throws {@link InputError} for fewer than 2 data sets or 2 models, ragged rows or non-finite scores.
 * @example
 * ```ts
 * const r = friedmanTest([[0.9, 0.8, 0.7], [0.85, 0.8, 0.6], [0.7, 0.75, 0.5]]);
 * r.averageRanks; // [1.333…, 1.666…, 3]
 * r.chi2; // 4.666…
 * r.pValue; // 0.0969…
 * ```
 */
export function friedmanTest(scores: ReadonlyArray<ArrayLike<number>>): FriedmanResult {
  const caller = 'friedmanTest';
  if (!Array.isArray(scores) || scores.length < 2) {
    throw new InputError(`Argument 'scores' passed to '${caller}' must have at least 2 rows (data sets), but got ${Array.isArray(scores) ? scores.length : formatValue(scores)}.`);
  }
  const N = scores.length;
  const k = (scores[0] as ArrayLike<number> | undefined)?.length ?? 0;
  if (k < 2) throw new InputError(`Argument 'scores' passed to '${caller}' must have at least 2 columns (models), but row 0 has ${k}.`);
  const ranks: number[][] = [];
  let tieSum = 0;
  for (let i = 0; i < N; i++) {
    const row = toFiniteArray(scores[i], `scores[${i}]`, caller, 1);
    if (row.length !== k) throw new InputError(`Argument 'scores' passed to '${caller}' must have rows of equal length, but row 0 has ${k} values and row ${i} has ${row.length}.`);
    // Rank 1 = best = highest score.
    const r = rankAverage(row.map((v) => -v));
    ranks.push(Array.from(r));
    const counts = new Map<number, number>();
    for (const v of row) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const t of counts.values()) tieSum += t ** 3 - t;
  }
  const averageRanks = Array.from({ length: k }, (_, j) => ranks.reduce((s, r) => s + r[j]!, 0) / N);
  const sumSq = averageRanks.reduce((s, r) => s + r * r, 0);
  const chi2 = Math.max(0, ((12 * N) / (k * (k + 1))) * (sumSq - (k * (k + 1) ** 2) / 4));
  const df = k - 1;
  const fDf1 = k - 1;
  const fDf2 = (k - 1) * (N - 1);
  const den = N * (k - 1) - chi2;
  const fStatistic = den <= 1e-12 * N * k ? Infinity : ((N - 1) * chi2) / den;
  const tieCorrection = 1 - tieSum / (N * k * (k * k - 1));
  const chi2TieCorrected = tieCorrection > 0 ? chi2 / tieCorrection : NaN;
  return {
    nDatasets: N,
    nModels: k,
    ranks,
    averageRanks,
    chi2,
    df,
    pValue: chiSquaredSf(chi2, df),
    fStatistic,
    fDf1,
    fDf2,
    fPValue: fSf(fStatistic, fDf1, fDf2),
    chi2TieCorrected,
    pValueTieCorrected: Number.isNaN(chi2TieCorrected) ? NaN : chiSquaredSf(chi2TieCorrected, df),
  };
}

const qCache = new Map<string, number>();

/**
 * Nemenyi's critical value q_α (Demšar 2006, Table 5a): the studentized range quantile for `nModels`
 * groups and infinite degrees of freedom, divided by √2. Computed by numerical integration, not read
 * from the table, so any α in (0, 1) and any number of models work; for α = 0.05 and 0.10 and
 * 2–10 models it reproduces Demšar's table to its 3 decimals.
 * @param nModels - k, the number of models compared: an integer in [2, 1000].
 * @param alpha - significance level, in (0, 1). @defaultValue 0.05
 * @returns q_α, the two-tailed Nemenyi critical value (memoised per `nModels` and `alpha`).
 * @throws {@link InputError} for a number of models outside [2, 1000] or α outside (0, 1).
 * @example
 * ```ts
 * nemenyiQ(4, 0.05); // 2.569…
 * ```
 */
export function nemenyiQ(nModels: number, alpha = 0.05): number {
  checkModelsAlpha(nModels, alpha, 'nemenyiQ');
  const key = `${nModels}|${alpha}`;
  let q = qCache.get(key);
  if (q === undefined) {
    q = studentizedRangeQuantileInf(1 - alpha, nModels) / Math.SQRT2;
    qCache.set(key, q);
  }
  return q;
}

/**
 * Nemenyi critical difference (Demšar 2006, §3.2.2): two models whose average ranks over
 * `nDatasets` data sets differ by at least CD = q_α·√(k(k+1)/(6N)) perform significantly differently.
 * @param nModels - k, the number of models compared (≥ 2).
 * @param nDatasets - N, the number of data sets (≥ 1).
 * @param alpha - significance level, in (0, 1). @defaultValue 0.05
 * @returns CD, in units of average rank.
 * @throws {@link InputError} for `nModels` not an integer in [2, 1000], `nDatasets` not an integer ≥ 1, or α outside (0, 1).
 * @example
 * ```ts
 * nemenyiCriticalDifference(4, 14, 0.05); // 1.2536 (Demšar's example: 1.25)
 * ```
 */
export function nemenyiCriticalDifference(nModels: number, nDatasets: number, alpha = 0.05): number {
  checkModelsAlpha(nModels, alpha, 'nemenyiCriticalDifference');
  if (!Number.isInteger(nDatasets) || nDatasets < 1) {
    throw new InputError(`Argument 'nDatasets' passed to 'nemenyiCriticalDifference' must be an integer ≥ 1, but got ${formatValue(nDatasets)}.`);
  }
  return nemenyiQ(nModels, alpha) * Math.sqrt((nModels * (nModels + 1)) / (6 * nDatasets));
}

function checkModelsAlpha(nModels: number, alpha: number, caller: string): void {
  if (!Number.isInteger(nModels) || nModels < 2 || nModels > 1000) {
    throw new InputError(`Argument 'nModels' passed to '${caller}' must be an integer in [2, 1000], but got ${formatValue(nModels)}.`);
  }
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new InputError(`Argument 'alpha' passed to '${caller}' must be a number in (0, 1), but got ${formatValue(alpha)}.`);
  }
}

/** Result of {@link correctedResampledTTest}. */
export interface TTestResult {
  /** t statistic; ±Infinity when every difference is the same non-zero value. */
  t: number;
  /** Degrees of freedom, k − 1. */
  df: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Mean of a − b. */
  meanDifference: number;
  /** Corrected standard error √((1/k + nTest/nTrain)·s²). */
  standardError: number;
}

/**
 * Corrected resampled t-test (Nadeau & Bengio 2003), as Weka's `PairedCorrectedTTester`: the variance
 * of the k paired differences is inflated by (1/k + nTest/nTrain) instead of 1/k to account for the
 * overlap of training sets across folds. Two-sided. When all differences are equal (to within
 * 1e-12 relative, i.e. rounding), the p-value is 1 if they are 0 and 0 otherwise (as Weka).
 * @param a - the first model's score on each fold (or repetition × fold).
 * @param b - the second model's score on the same folds.
 * @param nTrain - training rows per fold.
 * @param nTest - test rows per fold.
 * @returns t, its degrees of freedom (k − 1), the two-sided p-value, the mean difference a − b and
 *   the corrected standard error (Nadeau & Bengio 2003; Bouckaert & Frank 2004).
 * @throws {@link InputError} for fewer than 2 pairs, unequal lengths, non-finite values or non-positive sizes.
 * @example
 * ```ts
 * const r = correctedResampledTTest([0.9, 0.85, 0.88], [0.8, 0.84, 0.83], 120, 30);
 * r.t; // 1.5486…
 * r.pValue; // 0.2616…
 * ```
 */
export function correctedResampledTTest(a: ArrayLike<number>, b: ArrayLike<number>, nTrain: number, nTest: number): TTestResult {
  const caller = 'correctedResampledTTest';
  const x = toFiniteArray(a, 'a', caller, 2);
  const y = toFiniteArray(b, 'b', caller, 2);
  if (x.length !== y.length) throw new InputError(`Arguments 'a' and 'b' passed to '${caller}' must have the same length (paired folds), but got [${x.length}, ${y.length}].`);
  for (const [name, v] of [['nTrain', nTrain], ['nTest', nTest]] as const) {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) {
      throw new InputError(`Argument '${name}' passed to '${caller}' must be a positive number of rows, but got ${formatValue(v)}.`);
    }
  }
  const k = x.length;
  const d = x.map((v, i) => v - y[i]!);
  let mean = 0;
  for (const v of d) mean += v;
  mean /= k;
  let ss = 0;
  for (const v of d) ss += (v - mean) ** 2;
  const variance = ss / (k - 1);
  const df = k - 1;
  let maxAbs = 0;
  for (const v of d) maxAbs = Math.max(maxAbs, Math.abs(v));
  const standardError = Math.sqrt((1 / k + nTest / nTrain) * variance);
  // Differences that agree to rounding (0.9 − 0.8 vs 0.8 − 0.7) are one constant difference.
  if (Math.sqrt(variance) <= 1e-12 * maxAbs || standardError === 0) {
    if (mean === 0) return { t: 0, df, pValue: 1, meanDifference: 0, standardError: 0 };
    return { t: mean > 0 ? Infinity : -Infinity, df, pValue: 0, meanDifference: mean, standardError: 0 };
  }
  const t = mean / standardError;
  return { t, df, pValue: Math.min(1, 2 * studentTSf(Math.abs(t), df)), meanDifference: mean, standardError };
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** min(R+, R−): the smaller sum of signed ranks (scipy's two-sided statistic). */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** `'exact'` (null distribution enumerated) or `'approx'` (normal approximation with tie correction). */
  method: 'exact' | 'approx';
  /** z of the normal approximation (undefined for the exact method). */
  z: number | undefined;
  /** Pairs used (zero differences dropped). */
  n: number;
  /** Sums of ranks of the positive and negative differences. */
  rPlus: number;
  rMinus: number;
  /** Notes such as "zeros present: normal approximation used". */
  warnings: string[];
}

/**
 * Wilcoxon signed-rank test of paired scores, two-sided, as scipy.stats.wilcoxon (scipy 1.10.1) with
 * its defaults `zero_method='wilcox'` (zero differences dropped) and `correction=False`: the exact
 * null distribution for up to 50 pairs without zero differences, the normal approximation with the
 * tie correction otherwise. One difference from scipy 1.10.1: with tied |differences| and ≤ 50 pairs,
 * scipy 1.10 still uses its exact table after truncating the tied rank sum, which is not a valid test;
 * here ties switch to the normal approximation (scipy's `method='approx'`) and a warning says so.
 * @param a - the first model's scores (e.g. per data set).
 * @param b - the second model's scores, paired with `a`.
 * @param options - `method`: `'auto'` (default), `'exact'` (falls back to approx, with a warning, when there are zeros or ties) or `'approx'`.
 * @returns the statistic min(R+, R−), the two-sided p-value, the method used, z (approximation only),
 *   the number of non-zero pairs, R+ and R−, and warnings.
 * @throws {@link InputError} for unequal lengths, empty or non-finite values, an unknown `method`, or when every difference is zero.
 * @example
 * ```ts
 * const r = wilcoxonSignedRank([0.9, 0.8, 0.75, 0.6, 0.95], [0.84, 0.82, 0.7, 0.5, 0.92]);
 * r.statistic; // 1 (R+ = 14, R− = 1)
 * r.pValue; // 0.125
 * r.method; // 'exact'
 * ```
 */
export function wilcoxonSignedRank(a: ArrayLike<number>, b: ArrayLike<number>, options: { method?: 'auto' | 'exact' | 'approx' } = {}): WilcoxonResult {
  const caller = 'wilcoxonSignedRank';
  const x = toFiniteArray(a, 'a', caller, 1);
  const y = toFiniteArray(b, 'b', caller, 1);
  if (x.length !== y.length) throw new InputError(`Arguments 'a' and 'b' passed to '${caller}' must have the same length (paired scores), but got [${x.length}, ${y.length}].`);
  const requested = options.method ?? 'auto';
  if (requested !== 'auto' && requested !== 'exact' && requested !== 'approx') {
    throw new InputError(`Option 'method' passed to '${caller}' must be one of 'auto', 'exact', 'approx', but got ${formatValue(requested)}.`);
  }
  const warnings: string[] = [];
  const all = x.map((v, i) => v - y[i]!);
  const d = all.filter((v) => v !== 0);
  const nZero = all.length - d.length;
  if (d.length === 0) {
    throw new InputError(`Arguments 'a' and 'b' passed to '${caller}' are equal pair by pair (every difference is zero); the signed-rank test is not defined.`);
  }
  const n = d.length;
  const r = rankAverage(d.map(Math.abs));
  let rPlus = 0;
  let rMinus = 0;
  for (let i = 0; i < n; i++) {
    if (d[i]! > 0) rPlus += r[i]!;
    else rMinus += r[i]!;
  }
  const hasTies = new Set(d.map(Math.abs)).size < n;
  let method: 'exact' | 'approx' = requested === 'approx' ? 'approx' : requested === 'exact' || all.length <= 50 ? 'exact' : 'approx';
  if (method === 'exact' && nZero > 0) {
    method = 'approx';
    warnings.push('Exact p-value calculation does not work if there are zeros. Switching to normal approximation.');
  }
  if (method === 'exact' && hasTies) {
    method = 'approx';
    warnings.push('Exact p-value calculation does not work if there are ties. Switching to normal approximation.');
  }
  if (method === 'approx' && n < 10) warnings.push('Sample size too small for normal approximation.');
  const statistic = Math.min(rPlus, rMinus);
  if (method === 'exact') {
    const pmf = signedRankCounts(n);
    const total = 2 ** n;
    const center = (pmf.length - 1) / 2;
    let pValue: number;
    if (rPlus === center) {
      pValue = 1;
    } else {
      let less = 0;
      let greater = 0;
      for (let s = 0; s <= rPlus; s++) less += pmf[s]!;
      for (let s = rPlus; s < pmf.length; s++) greater += pmf[s]!;
      pValue = Math.min(1, (2 * Math.min(less, greater)) / total);
    }
    return { statistic, pValue, method, z: undefined, n, rPlus, rMinus, warnings };
  }
  const mean = (n * (n + 1)) / 4;
  let variance = n * (n + 1) * (2 * n + 1);
  const counts = new Map<number, number>();
  for (const v of r) counts.set(v, (counts.get(v) ?? 0) + 1);
  for (const t of counts.values()) if (t > 1) variance -= 0.5 * t * (t * t - 1);
  const se = Math.sqrt(variance / 24);
  const z = (statistic - mean) / se;
  return { statistic, pValue: Math.min(1, 2 * normalSf(Math.abs(z))), method, z, n, rPlus, rMinus, warnings };
}

/** Number of subsets of {1..n} with each sum 0..n(n+1)/2 (exact for n ≤ 50: counts stay below 2^53). */
function signedRankCounts(n: number): Float64Array {
  const max = (n * (n + 1)) / 2;
  const c = new Float64Array(max + 1);
  c[0] = 1;
  for (let k = 1; k <= n; k++) {
    for (let s = (k * (k + 1)) / 2; s >= k; s--) c[s]! += c[s - k]!;
  }
  return c;
}

/**
 * Holm's step-down adjusted p-values (Holm 1979; statsmodels' `multipletests(method='holm')`):
 * sort ascending, multiply the i-th smallest by (m − i), take running maxima, cap at 1. A hypothesis
 * is rejected at level α when its adjusted p-value is ≤ α. Returned in the input order.
 * @param pValues - the unadjusted p-values of the m hypotheses (may be empty).
 * @returns the Holm-adjusted p-values, in the input order.
 * @throws {@link InputError} for values outside [0, 1], NaN or ±Infinity.
 * @example
 * ```ts
 * holmCorrection([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 * ```
 */
export function holmCorrection(pValues: ArrayLike<number>): number[] {
  const caller = 'holmCorrection';
  const p = toFiniteArray(pValues, 'pValues', caller, 0);
  p.forEach((v, i) => {
    if (v < 0 || v > 1) throw new InputError(`Argument 'pValues' passed to '${caller}' must hold probabilities in [0, 1], but pValues[${i}] is ${formatValue(v)}.`);
  });
  const m = p.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, i) => {
    running = Math.max(running, Math.min(1, (m - i) * p[idx]!));
    out[idx] = running;
  });
  return out;
}
