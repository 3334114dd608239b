/**
 * Frequentist tests named and computed as in scipy 1.10.1 (and statsmodels 0.13.5 for the
 * repeated-measures ANOVA), each returning `{ statistic, pValue }`: the checks and tests autorank
 * (Herbold 2020) chooses between — Shapiro–Wilk, Bartlett, Levene, the paired t-test, the
 * repeated-measures ANOVA and Tukey's HSD — and the studentized range distribution behind Tukey.
 *
 * References: P. Royston, "Remark AS R94: A Remark on Algorithm AS 181: The W-test for Normality",
 * Applied Statistics 44 (1995) 547–551 (scipy's `swilk`); M. S. Bartlett, "Properties of sufficiency
 * and statistical tests", Proc. R. Soc. A 160 (1937); H. Levene (1960) with Brown & Forsythe's median
 * centre (JASA 69, 1974); J. W. Tukey, "The problem of multiple comparisons" (1953) and C. Y. Kramer,
 * Biometrics 12 (1956) for unequal group sizes.
 */
import { InputError, formatValue } from './errors.js';
import { chiSquaredSf, fSf, studentTSf } from './internal/distributions.js';
import { normalQuantile as normalQuantileImpl, studentTQuantileImpl, studentizedRange } from './internal/more-distributions.js';
import { swilkCoefficients, swilkPValue } from './internal/swilk.js';
import { meanOf, median as medianOf, sampleVariance } from './internal/describe.js';
import { toFiniteArray } from './internal/validate.js';

/** A test statistic and its p-value. */
export interface TestResult {
  /** The test statistic (W, T, F, t, …: see each test). */
  statistic: number;
  /** The p-value. */
  pValue: number;
}

/**
 * Standard normal quantile Φ⁻¹(p), as scipy.stats.norm.ppf (to within a few units in the last place).
 * @param p - a probability in [0, 1].
 * @returns x with P(Z ≤ x) = p; −Infinity for 0 and Infinity for 1.
 * @throws {@link InputError} for p outside [0, 1] or NaN.
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new InputError(`Argument 'p' passed to 'normalQuantile' must be a probability in [0, 1], but got ${formatValue(p)}.`);
  }
  return normalQuantileImpl(p);
}

/**
 * Student t quantile, as scipy.stats.t.ppf: the t with P(T ≤ t) = p for ν degrees of freedom. Used for
 * confidence intervals around a t statistic (e.g. the corrected resampled t-test's mean difference
 * ± t(1 − α/2, k − 1) · standard error).
 * @param p - a probability in [0, 1].
 * @param df - degrees of freedom, a positive number (not necessarily an integer).
 * @returns t with P(T ≤ t) = p; −Infinity for 0 and Infinity for 1.
 * @throws {@link InputError} for p outside [0, 1] or NaN, or df not a positive finite number.
 * @example
 * ```ts
 * studentTQuantile(0.975, 4); // 2.7764451051977…
 * ```
 */
export function studentTQuantile(p: number, df: number): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new InputError(`Argument 'p' passed to 'studentTQuantile' must be a probability in [0, 1], but got ${formatValue(p)}.`);
  }
  if (typeof df !== 'number' || !(df > 0) || !Number.isFinite(df)) {
    throw new InputError(`Argument 'df' passed to 'studentTQuantile' must be a positive finite number of degrees of freedom, but got ${formatValue(df)}.`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return studentTQuantileImpl(p, df);
}

/**
 * CDF of the studentized range distribution, as scipy.stats.studentized_range.cdf: the distribution of
 * (max − min) of k independent standard normals divided by an independent √(χ²_ν/ν). Evaluated by the
 * trapezoidal rule on Tukey's double integral (agrees with scipy 1.10.1 to about 1e-13).
 * @param q - the range statistic.
 * @param k - the number of groups, an integer ≥ 2.
 * @param df - ν, the degrees of freedom, > 0 (Infinity allowed).
 * @returns P(Q ≤ q).
 * @throws {@link InputError} for NaN `q`, `k` not an integer in [2, 1000], or `df` not > 0.
 * @example
 * ```ts
 * studentizedRangeCdf(3.5, 4, 20); // 0.9050415…
 * ```
 */
export function studentizedRangeCdf(q: number, k: number, df: number): number {
  checkRangeArgs(q, k, df, 'studentizedRangeCdf');
  return studentizedRange(q, k, df).cdf;
}

/**
 * Survival function of the studentized range, P(Q > q), computed directly (not as 1 − cdf of a rounded
 * value), as scipy.stats.studentized_range.sf; the p-value of Tukey's HSD.
 * @param q - the range statistic.
 * @param k - the number of groups, an integer ≥ 2.
 * @param df - ν, the degrees of freedom, > 0 (Infinity allowed).
 * @returns P(Q > q).
 * @throws {@link InputError} for NaN `q`, `k` not an integer in [2, 1000], or `df` not > 0.
 * @example
 * ```ts
 * studentizedRangeSf(3.5, 4, 20); // 0.0949584…
 * ```
 */
export function studentizedRangeSf(q: number, k: number, df: number): number {
  checkRangeArgs(q, k, df, 'studentizedRangeSf');
  return studentizedRange(q, k, df).sf;
}

function checkRangeArgs(q: number, k: number, df: number, caller: string): void {
  if (typeof q !== 'number' || Number.isNaN(q)) throw new InputError(`Argument 'q' passed to '${caller}' must be a number, but got ${formatValue(q)}.`);
  if (!Number.isInteger(k) || k < 2 || k > 1000) throw new InputError(`Argument 'k' passed to '${caller}' must be an integer in [2, 1000], but got ${formatValue(k)}.`);
  if (typeof df !== 'number' || !(df > 0)) throw new InputError(`Argument 'df' passed to '${caller}' must be a number > 0 (Infinity allowed), but got ${formatValue(df)}.`);
}

/** Result of {@link shapiroWilk}. */
export interface ShapiroWilkResult extends TestResult {
  /** Notes, e.g. that the p-value may be inaccurate above 5000 values (as scipy warns). */
  warnings: string[];
}

/**
 * Shapiro–Wilk test of normality, as scipy.stats.shapiro (Royston's algorithm AS R94, scipy's `swilk`):
 * W from Royston's approximation of the normal-order-statistic coefficients, and the p-value from his
 * normalising transformations (n = 3 exact; 4 ≤ n ≤ 11 and n ≥ 12 by polynomial fits). Computed in
 * double precision; scipy 1.10.1 runs `swilk` in single precision, so the two agree to about 1e-6.
 * @param x - the sample, at least 3 finite values, not all equal.
 * @returns W (`statistic`, in (0, 1]) and the p-value of the null hypothesis that x is normal.
 * @throws {@link InputError} for fewer than 3 values, non-finite values, or all values equal (the test is undefined).
 * @example
 * ```ts
 * const r = shapiroWilk([2.1, 2.5, 2.2, 2.9, 2.4, 2.3, 2.7]);
 * r.statistic; // 0.96403…
 * r.pValue; // 0.85253…
 * ```
 */
export function shapiroWilk(x: ArrayLike<number>): ShapiroWilkResult {
  const caller = 'shapiroWilk';
  const v = toFiniteArray(x, 'x', caller, 3);
  const n = v.length;
  const y = Float64Array.from(v).sort();
  const range = y[n - 1]! - y[0]!;
  if (!(range > 0)) {
    throw new InputError(`Argument 'x' passed to '${caller}' must not have all values equal (the range is zero and W is undefined), but every value is ${formatValue(y[0])}.`);
  }
  const warnings: string[] = [];
  if (n > 5000) warnings.push('p-value may not be accurate for N > 5000.');
  const half = Math.floor(n / 2);
  const a = swilkCoefficients(n);
  // Coefficient of the i-th order statistic: a[i] for the lower half, −a[n−1−i] for the upper.
  const coef = (i: number): number => (i < half ? a[i]! : i >= n - half ? -a[n - 1 - i]! : 0);
  let meanX = 0;
  for (let i = 0; i < n; i++) meanX += y[i]! / range;
  meanX /= n;
  let meanA = 0;
  for (let i = 0; i < n; i++) meanA += -coef(i);
  meanA /= n;
  let ssa = 0;
  let ssx = 0;
  let sax = 0;
  for (let i = 0; i < n; i++) {
    const da = -coef(i) - meanA;
    const dx = y[i]! / range - meanX;
    ssa += da * da;
    ssx += dx * dx;
    sax += da * dx;
  }
  const root = Math.sqrt(ssa * ssx);
  const w1 = ((root - sax) * (root + sax)) / (ssa * ssx);
  const w = 1 - w1;
  return { statistic: w, pValue: swilkPValue(w, n, w1), warnings };
}

/**
 * Bartlett's test that k groups have equal variances, as scipy.stats.bartlett:
 * T = ((N − k) ln s_p² − Σ(nᵢ − 1) ln sᵢ²) / (1 + (Σ 1/(nᵢ − 1) − 1/(N − k)) / (3(k − 1))),
 * χ² with k − 1 degrees of freedom. A group with zero variance next to one with a positive variance
 * gives T = Infinity and p = 0 (as scipy).
 * @param groups - at least 2 groups, each of at least 2 finite values.
 * @returns T (`statistic`) and its p-value.
 * @throws {@link InputError} for fewer than 2 groups, a group with fewer than 2 or non-finite values,
 *   or every group having zero variance (T is undefined).
 * @example
 * ```ts
 * bartlett([[1, 2, 3, 4], [2, 4, 6, 9], [1, 1.5, 2, 2.2]]).pValue; // 0.04320…
 * ```
 */
export function bartlett(groups: ReadonlyArray<ArrayLike<number>>): TestResult {
  const caller = 'bartlett';
  const gs = toGroups(groups, caller, 2);
  const k = gs.length;
  let N = 0;
  let pooled = 0;
  let sumLog = 0;
  let sumInv = 0;
  let zeroVariance = false;
  for (const g of gs) {
    const n = g.length;
    const s2 = sampleVariance(g);
    N += n;
    pooled += (n - 1) * s2;
    if (s2 === 0) zeroVariance = true;
    else sumLog += (n - 1) * Math.log(s2);
    sumInv += 1 / (n - 1);
  }
  pooled /= N - k;
  if (pooled === 0) {
    throw new InputError(`Argument 'groups' passed to '${caller}' must have at least one group with non-zero variance, but every group is constant.`);
  }
  if (zeroVariance) return { statistic: Infinity, pValue: 0 };
  const num = (N - k) * Math.log(pooled) - sumLog;
  const den = 1 + (sumInv - 1 / (N - k)) / (3 * (k - 1));
  const statistic = num / den;
  return { statistic, pValue: chiSquaredSf(statistic, k - 1) };
}

/**
 * Levene's test that k groups have equal variances, as scipy.stats.levene: the one-way ANOVA F of the
 * absolute deviations |xᵢⱼ − cᵢ| from each group's centre cᵢ — the median by default (Brown–Forsythe,
 * scipy's default and autorank's), the mean, or — `'trimmed'` — the mean of the sample after cutting
 * ⌊`proportionToCut`·nᵢ⌋ values at each end, the trimmed sample then standing for the group (as scipy). F with (k − 1, N − k) degrees of freedom. When every deviation equals its
 * group's mean deviation the statistic is Infinity (p = 0), or undefined if the group means agree too.
 * @param groups - at least 2 groups, each of at least 2 finite values.
 * @param options - `center`: `'median'` (default), `'mean'` or `'trimmed'`; `proportionToCut` in [0, 0.5) (default 0.05).
 * @returns W (`statistic`) and its p-value.
 * @throws {@link InputError} for fewer than 2 groups, a group with fewer than 2 or non-finite values,
 *   an unknown `center`, a `proportionToCut` outside [0, 0.5), or deviations that are constant across
 *   all groups (W = 0/0).
 * @example
 * ```ts
 * levene([[1, 2, 3, 4], [2, 4, 6, 9], [1, 1.5, 2, 2.2]]).pValue; // 0.05842…
 * ```
 */
export function levene(
  groups: ReadonlyArray<ArrayLike<number>>,
  options: { center?: 'median' | 'mean' | 'trimmed'; proportionToCut?: number } = {},
): TestResult {
  const caller = 'levene';
  const gs = toGroups(groups, caller, 2);
  const center = options.center ?? 'median';
  if (center !== 'median' && center !== 'mean' && center !== 'trimmed') {
    throw new InputError(`Option 'center' passed to '${caller}' must be one of 'median', 'mean', 'trimmed', but got ${formatValue(center)}.`);
  }
  const cut = options.proportionToCut ?? 0.05;
  if (typeof cut !== 'number' || !(cut >= 0 && cut < 0.5)) {
    throw new InputError(`Option 'proportionToCut' passed to '${caller}' must be a number in [0, 0.5), but got ${formatValue(options.proportionToCut)}.`);
  }
  const k = gs.length;
  const dev = gs.map((g) => {
    if (center === 'trimmed') {
      // As scipy: the trimmed sample replaces the group (its deviations and its size).
      const s = Float64Array.from(g).sort();
      const lo = Math.floor(cut * s.length);
      const kept = s.subarray(lo, s.length - lo);
      const c = meanOf(kept);
      return Float64Array.from(kept, (v) => Math.abs(v - c));
    }
    const c = center === 'median' ? medianOf(g) : meanOf(g);
    return Float64Array.from(g, (v) => Math.abs(v - c));
  });
  return oneWayAnova(dev, k, caller);
}

/** One-way ANOVA F on groups (Levene's second stage). */
function oneWayAnova(gs: Float64Array[], k: number, caller: string): TestResult {
  let N = 0;
  let grand = 0;
  for (const g of gs) {
    N += g.length;
    for (const v of g) grand += v;
  }
  grand /= N;
  let between = 0;
  let within = 0;
  for (const g of gs) {
    const m = meanOf(g);
    between += g.length * (m - grand) ** 2;
    for (const v of g) within += (v - m) ** 2;
  }
  const num = (N - k) * between;
  const den = (k - 1) * within;
  if (den === 0) {
    if (num === 0) {
      throw new InputError(`Argument 'groups' passed to '${caller}' has the same absolute deviation from the centre for every value of every group, so W = 0/0 is undefined.`);
    }
    return { statistic: Infinity, pValue: 0 };
  }
  const statistic = num / den;
  return { statistic, pValue: fSf(statistic, k - 1, N - k) };
}

/** Result of {@link pairedTTest}. */
export interface PairedTTestResult extends TestResult {
  /** Degrees of freedom, n − 1. */
  df: number;
  /** Mean of x − y. */
  meanDifference: number;
}

/**
 * Paired t-test, two-sided, as scipy.stats.ttest_rel: t = mean(d)/(s_d/√n) for d = x − y, Student t
 * with n − 1 degrees of freedom. When every difference is the same, t is ±Infinity with p = 0 (as
 * scipy), or — where scipy returns NaN — 0 with p = 1 when they are all zero.
 * @param x - the first sample.
 * @param y - the second sample, paired with `x` (at least 2 pairs).
 * @returns t (`statistic`), the two-sided p-value, df and the mean difference.
 * @throws {@link InputError} for non-finite values, fewer than 2 pairs or unequal lengths.
 * @example
 * ```ts
 * const r = pairedTTest([0.81, 0.84, 0.79, 0.86], [0.8, 0.82, 0.8, 0.83]);
 * r.statistic; // 1.4638…
 * r.pValue; // 0.2394…
 * ```
 */
export function pairedTTest(x: ArrayLike<number>, y: ArrayLike<number>): PairedTTestResult {
  const caller = 'pairedTTest';
  const a = toFiniteArray(x, 'x', caller, 2);
  const b = toFiniteArray(y, 'y', caller, 2);
  if (a.length !== b.length) {
    throw new InputError(`Arguments 'x' and 'y' passed to '${caller}' must have the same length (paired samples), but got [${a.length}, ${b.length}].`);
  }
  const n = a.length;
  const d = Float64Array.from(a, (v, i) => v - b[i]!);
  const mean = meanOf(d);
  const s2 = sampleVariance(d);
  const df = n - 1;
  if (s2 === 0) {
    if (mean === 0) return { statistic: 0, pValue: 1, df, meanDifference: 0 };
    return { statistic: mean > 0 ? Infinity : -Infinity, pValue: 0, df, meanDifference: mean };
  }
  const t = mean / Math.sqrt(s2 / n);
  return { statistic: t, pValue: Math.min(1, 2 * studentTSf(Math.abs(t), df)), df, meanDifference: mean };
}

/** Result of {@link rmAnova}. */
export interface RmAnovaResult extends TestResult {
  /** Numerator degrees of freedom, k − 1. */
  df1: number;
  /** Denominator degrees of freedom, (k − 1)(n − 1). */
  df2: number;
}

/**
 * One-way repeated-measures ANOVA, as statsmodels' `AnovaRM(data, depvar, subject, within=[factor])`
 * (what autorank runs): rows are subjects (data sets), columns treatments (models);
 * F = (SS_treatment/(k − 1)) / (SS_error/((k − 1)(n − 1))) with SS_error = SS_total − SS_subjects −
 * SS_treatment. Sphericity is assumed (no Greenhouse–Geisser correction), as in statsmodels. When
 * SS_error is 0, F is Infinity (p = 0) unless SS_treatment is 0 too (F = 0, p = 1).
 * @param scores - one row per subject, one column per treatment: at least 2 rows and 2 columns.
 * @returns F (`statistic`), its p-value and degrees of freedom.
 * @throws {@link InputError} for fewer than 2 rows or columns, ragged rows or non-finite values.
 * @example
 * ```ts
 * const r = rmAnova([[1, 2, 3.1], [2, 2.9, 4.2], [1.5, 2.7, 3.3], [3, 3.2, 4.8], [2.2, 3.1, 3.9]]);
 * r.statistic; // 80.092…
 * r.pValue; // 5.119…e-6
 * ```
 */
export function rmAnova(scores: ReadonlyArray<ArrayLike<number>>): RmAnovaResult {
  const caller = 'rmAnova';
  const rows = toTable(scores, caller);
  const n = rows.length;
  const k = rows[0]!.length;
  let grand = 0;
  for (const r of rows) for (const v of r) grand += v;
  grand /= n * k;
  let ssSubjects = 0;
  const colMeans = new Float64Array(k);
  for (const r of rows) {
    const m = meanOf(r);
    ssSubjects += k * (m - grand) ** 2;
    for (let j = 0; j < k; j++) colMeans[j]! += r[j]! / n;
  }
  let ssTreat = 0;
  for (const m of colMeans) ssTreat += n * (m - grand) ** 2;
  const df1 = k - 1;
  const df2 = (k - 1) * (n - 1);
  // Residuals computed directly (not as a difference of sums) so an exact fit gives exactly 0.
  let ssError = 0;
  for (let i = 0; i < n; i++) {
    const m = meanOf(rows[i]!);
    for (let j = 0; j < k; j++) ssError += (rows[i]![j]! - m - colMeans[j]! + grand) ** 2;
  }
  if (ssError <= 1e-14 * (ssTreat + ssSubjects)) {
    if (ssTreat <= 1e-14 * ssSubjects) return { statistic: 0, pValue: 1, df1, df2 };
    return { statistic: Infinity, pValue: 0, df1, df2 };
  }
  const statistic = ssTreat / df1 / (ssError / df2);
  return { statistic, pValue: fSf(statistic, df1, df2), df1, df2 };
}

/** One pair of {@link tukeyHsd}. */
export interface TukeyPair extends TestResult {
  /** Index of the first group of the pair. */
  i: number;
  /** Index of the second group (i < j). */
  j: number;
  /** `statistic` is mean_i − mean_j (scipy's `statistic[i, j]`); `q` is |mean_i − mean_j| / SE, the studentized range. */
  q: number;
}

/** Result of {@link tukeyHsd}. */
export interface TukeyHsdResult {
  /** One entry per pair i < j, in the order (0,1), (0,2), …, (1,2), …. */
  pairs: TukeyPair[];
  /** Degrees of freedom of the error, N − k. */
  df: number;
  /** Mean square error (within groups). */
  mse: number;
}

/**
 * Tukey's honestly significant difference test, as scipy.stats.tukey_hsd (the Tukey–Kramer version for
 * unequal group sizes): for each pair, q = |mean_i − mean_j| / √(MSE/2 · (1/n_i + 1/n_j)) with the
 * within-group mean square error, and p = P(Q > q) for the studentized range of k groups with N − k
 * degrees of freedom ({@link studentizedRangeSf}). Groups are treated as independent (as scipy and as
 * statsmodels' `MultiComparison.tukeyhsd`, which autorank uses after the repeated-measures ANOVA).
 * With MSE = 0, a pair with equal means gets p = 1 and one with different means p = 0.
 * @param groups - at least 2 groups, each of at least 2 finite values.
 * @returns the per-pair statistic (mean difference), q and p-value, with the error df and MSE.
 * @throws {@link InputError} for fewer than 2 groups or a group with fewer than 2 or non-finite values.
 * @example
 * ```ts
 * const r = tukeyHsd([[24.5, 23.5, 26.4, 27.1, 29.9], [28.4, 34.2, 29.5, 32.2, 30.1], [26.1, 28.3, 24.3, 26.2, 27.8]]);
 * r.pairs[0].pValue; // 0.01444… (groups 0 and 1)
 * ```
 */
export function tukeyHsd(groups: ReadonlyArray<ArrayLike<number>>): TukeyHsdResult {
  const caller = 'tukeyHsd';
  const gs = toGroups(groups, caller, 2);
  const k = gs.length;
  let N = 0;
  let sse = 0;
  const means = gs.map((g) => {
    N += g.length;
    sse += (g.length - 1) * sampleVariance(g);
    return meanOf(g);
  });
  const df = N - k;
  const mse = sse / df;
  const pairs: TukeyPair[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const diff = means[i]! - means[j]!;
      const se = Math.sqrt((mse / 2) * (1 / gs[i]!.length + 1 / gs[j]!.length));
      let q: number;
      let pValue: number;
      if (se === 0) {
        q = diff === 0 ? 0 : Infinity;
        pValue = diff === 0 ? 1 : 0;
      } else {
        q = Math.abs(diff) / se;
        pValue = studentizedRange(q, k, df).sf;
      }
      pairs.push({ i, j, statistic: diff, q, pValue });
    }
  }
  return { pairs, df, mse };
}

function toGroups(groups: ReadonlyArray<ArrayLike<number>>, caller: string, minSize: number): Float64Array[] {
  if (!Array.isArray(groups) || groups.length < 2) {
    throw new InputError(`Argument 'groups' passed to '${caller}' must be an array of at least 2 groups, but got ${Array.isArray(groups) ? `${groups.length}` : formatValue(groups)}.`);
  }
  return groups.map((g, i) => toFiniteArray(g, `groups[${i}]`, caller, minSize));
}

function toTable(scores: ReadonlyArray<ArrayLike<number>>, caller: string): Float64Array[] {
  if (!Array.isArray(scores) || scores.length < 2) {
    throw new InputError(`Argument 'scores' passed to '${caller}' must have at least 2 rows (subjects), but got ${Array.isArray(scores) ? scores.length : formatValue(scores)}.`);
  }
  const rows = scores.map((r, i) => toFiniteArray(r, `scores[${i}]`, caller, 2));
  const k = rows[0]!.length;
  rows.forEach((r, i) => {
    if (r.length !== k) throw new InputError(`Argument 'scores' passed to '${caller}' must have rows of equal length, but row 0 has ${k} values and row ${i} has ${r.length}.`);
  });
  return rows;
}
