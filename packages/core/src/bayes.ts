/**
 * Bayesian comparisons of two models with a region of practical equivalence (ROPE), after Benavoli,
 * Corani, Demšar & Zaffalon, "Time for a Change: a Tutorial for Comparing Multiple Classifiers Through
 * Bayesian Analysis", JMLR 18 (2017), and their library baycomp (commit 0ce309b7):
 *
 * - {@link bayesianCorrelatedTTest}: one data set, the paired scores of (repeated) k-fold
 *   cross-validation (Corani & Benavoli, "A Bayesian approach for comparing cross-validated
 *   algorithms on multiple data sets", Machine Learning 100, 2015), analytic.
 * - {@link bayesianSignedRankTest}: several data sets, one mean score per data set (Benavoli, Corani,
 *   Mangili, Zaffalon & Ruggeri, "A Bayesian Wilcoxon signed-rank test based on the Dirichlet
 *   process", ICML 2014), by seeded Monte Carlo.
 * - {@link signedRankExpectation}: the exact posterior mean of that test's θ, from the Dirichlet moments.
 * - {@link defaultRope} and {@link effectSizeRope}: the ROPE's width.
 *
 * Orientation (as baycomp): the differences are y − x, and `left` is the probability that x is
 * practically better (y − x < −rope), so pass scores where higher is better (negate losses first).
 */
import { InputError, formatValue } from './errors.js';
import { Matrix } from './matrix.js';
import { Rng } from './rng.js';
import { studentTCdf } from './internal/distributions.js';
import { dirichletVariate } from './internal/more-distributions.js';
import { meanOf, pooledMad, pooledSd, sampleVariance } from './internal/describe.js';
import { toFiniteArray } from './internal/validate.js';

/** Posterior probabilities that x is practically better, practically equivalent, or worse. */
export interface RopeProbabilities {
  /** P(x is better than y by more than the ROPE). */
  left: number;
  /** P(the difference lies within the ROPE). */
  rope: number;
  /** P(y is better than x by more than the ROPE). */
  right: number;
}

/** Options of {@link bayesianCorrelatedTTest}. */
export interface CorrelatedTTestOptions {
  /** Half-width of the ROPE, in the metric's units (≥ 0). @defaultValue 0 */
  rope?: number;
  /** Number of repetitions of the k-fold cross-validation; x.length / runs is k. @defaultValue 1 */
  runs?: number;
  /**
   * The correlation ρ between the scores of two folds, the test fraction nTest / n of Nadeau & Bengio
   * (2003); in (0, 1). @defaultValue 1/k, with k = x.length / runs (k-fold cross-validation)
   */
  testFraction?: number;
}

/** Result of {@link bayesianCorrelatedTTest}. */
export interface CorrelatedTTestResult extends RopeProbabilities {
  /** Posterior location of the mean difference x − y (the mean of the paired differences). */
  meanDifference: number;
  /** Posterior scale: √(s² (1/n + ρ/(1 − ρ))), s² the sample variance (ddof 1) of the differences. */
  scale: number;
  /** Degrees of freedom of the Student posterior, n − 1. */
  df: number;
  /** The correlation ρ used. */
  testFraction: number;
}

/**
 * Bayesian correlated t-test (Corani & Benavoli 2015), as baycomp's `CorrelatedTTest`: the posterior
 * of the mean difference of two models' paired cross-validation scores on one data set is a Student t
 * with n − 1 degrees of freedom, location mean(x − y) and scale √(s²·(1/n + ρ/(1 − ρ))), where ρ is the
 * correlation between folds that share training data (Nadeau & Bengio: ρ = nTest/n, 1/k for k-fold;
 * ρ/(1 − ρ) = 1/(k − 1) is baycomp's correction). `left` = P(x − y > rope), `right` = P(x − y < −rope).
 * When every difference is equal the posterior is a point mass at it (as baycomp); with rope 0 a
 * point mass at exactly 0 counts half left, half right.
 * @param x - the first model's score on each fold (runs × k values, in any order); higher is better.
 * @param y - the second model's scores on the same folds.
 * @param options - `rope` (≥ 0, default 0), `runs` (a positive integer dividing the length, default 1),
 *   `testFraction` ρ in (0, 1) (default runs / length = 1/k).
 * @returns `{ left, rope, right }` (summing to 1) with the posterior's location, scale, df and ρ.
 * @throws {@link InputError} for arrays that are not finite numbers, of different lengths or shorter
 *   than 2; a negative or non-finite `rope`; `runs` not a positive integer dividing the length into
 *   folds of at least 2; `testFraction` outside (0, 1).
 * @example
 * ```ts
 * const r = bayesianCorrelatedTTest([0.81, 0.84, 0.79, 0.86, 0.83], [0.8, 0.82, 0.8, 0.83, 0.82], { rope: 0.01 });
 * r.left; // 0.57475 (x better by more than 0.01)
 * r.rope; // 0.37949…
 * r.right; // 0.04575…
 * ```
 */
export function bayesianCorrelatedTTest(x: ArrayLike<number>, y: ArrayLike<number>, options: CorrelatedTTestOptions = {}): CorrelatedTTestResult {
  const caller = 'bayesianCorrelatedTTest';
  const { a, b } = pair(x, y, caller, 2);
  const n = a.length;
  const rope = checkRope(options.rope, caller);
  const runs = options.runs ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || n % runs !== 0 || n / runs < 2) {
    throw new InputError(
      `Option 'runs' passed to '${caller}' must be a positive integer that divides the ${n} scores into folds of at least 2, but got ${formatValue(runs)}.`,
    );
  }
  const rho = options.testFraction ?? runs / n;
  if (typeof rho !== 'number' || !(rho > 0 && rho < 1)) {
    throw new InputError(`Option 'testFraction' passed to '${caller}' must be a number in (0, 1), but got ${formatValue(options.testFraction)}.`);
  }
  const d = Float64Array.from(a, (v, i) => v - b[i]!);
  const mean = meanOf(d);
  const variance = sampleVariance(d) * (1 / n + rho / (1 - rho));
  const scale = Math.sqrt(variance);
  const df = n - 1;
  const base = { meanDifference: mean, scale, df, testFraction: rho };
  if (variance === 0) {
    if (rope === 0) {
      const left = mean > 0 ? 1 : mean === 0 ? 0.5 : 0;
      return { left, rope: 0, right: 1 - left, ...base };
    }
    const left = mean > rope ? 1 : 0;
    const right = mean < -rope ? 1 : 0;
    return { left, rope: 1 - left - right, right, ...base };
  }
  // x − y ~ mean + scale·T: P(x − y > rope) = P(T < (mean − rope)/scale).
  const left = studentTCdf((mean - rope) / scale, df);
  const right = studentTCdf((-rope - mean) / scale, df);
  if (rope === 0) return { left, rope: 0, right: 1 - left, ...base };
  // Each probability from CDF values on its small side, so a difference far beyond the ROPE keeps the
  // tiny ROPE mass it has instead of 1 − left − right cancelling to 0; F(a) − F(b) = F(−b) − F(−a).
  const hi = (rope - mean) / scale;
  const lo = (-rope - mean) / scale;
  const ropeMass = Math.max(0, lo > 0 ? studentTCdf(-lo, df) - studentTCdf(-hi, df) : studentTCdf(hi, df) - studentTCdf(lo, df));
  // The largest of the three is the rest, so they sum to 1.
  if (left >= right && left >= ropeMass) return { left: Math.max(0, 1 - ropeMass - right), rope: ropeMass, right, ...base };
  if (right >= ropeMass) return { left, rope: ropeMass, right: Math.max(0, 1 - ropeMass - left), ...base };
  return { left, rope: Math.max(0, 1 - left - right), right, ...base };
}

/** Options of {@link bayesianSignedRankTest}. */
export interface SignedRankTestOptions {
  /** Half-width of the ROPE, in the metric's units (≥ 0). @defaultValue 0 */
  rope?: number;
  /** Seed of the Monte Carlo sample (use the run's seed). */
  seed: number;
  /** Number of posterior samples, an integer in [1, 10⁷]. @defaultValue 50000 */
  nSamples?: number;
  /** Weight of the prior pseudo-observation at difference 0 (the Dirichlet process' strength, > 0). @defaultValue 0.5 */
  priorStrength?: number;
}

/** Result of {@link bayesianSignedRankTest}. */
export interface SignedRankTestResult extends RopeProbabilities {
  /**
   * The posterior samples of θ = (θ_left, θ_rope, θ_right), one row per sample, columns in that
   * order; each row sums to 1 (a point of the probability simplex, for the triangle plot).
   */
  samples: Matrix;
  /** The exact posterior mean of θ ({@link signedRankExpectation}). */
  expected: RopeProbabilities;
}

/**
 * Bayesian signed-rank test (Benavoli et al. 2014; JMLR 2017 §4.3), as baycomp's `SignedRankTest`:
 * a Dirichlet process prior with a pseudo-observation at difference 0 of weight `priorStrength`; for
 * each posterior sample the weights w ~ Dirichlet(priorStrength, 1, …, 1) over the differences
 * z = (0, y₁ − x₁, …) give θ_left = Σᵢⱼ wᵢwⱼ·H(−zᵢ − zⱼ − 2·rope), θ_right = Σᵢⱼ wᵢwⱼ·H(zᵢ + zⱼ − 2·rope)
 * (H the Heaviside step with H(0) = ½) and θ_rope = 1 − θ_left − θ_right. The probabilities are the
 * shares of samples in which each of the three is the largest (ties to the first, as numpy's argmax).
 * Seeded through {@link Rng}: the same seed gives the same output. O(n log n) set-up and O(n) per sample.
 * @param x - the first model's score per data set (e.g. its mean over folds); higher is better.
 * @param y - the second model's scores on the same data sets.
 * @param options - `rope` (≥ 0, default 0), `seed` (required), `nSamples` (default 50,000),
 *   `priorStrength` (default 0.5).
 * @returns `{ left, rope, right }` with the samples (nSamples × 3) and the exact posterior mean of θ.
 * @throws {@link InputError} for arrays that are not finite numbers or of different lengths, a
 *   negative or non-finite `rope`, `nSamples` not an integer in [1, 10⁷], a non-positive
 *   `priorStrength`, or a missing/invalid `seed`.
 * @example
 * ```ts
 * const r = bayesianSignedRankTest([0.9, 0.8, 0.85, 0.7, 0.95], [0.88, 0.75, 0.86, 0.6, 0.9], { rope: 0.01, seed: 1 });
 * r.left; // 0.9804: x is better on 4 of the 5 data sets
 * ```
 */
export function bayesianSignedRankTest(x: ArrayLike<number>, y: ArrayLike<number>, options: SignedRankTestOptions): SignedRankTestResult {
  const caller = 'bayesianSignedRankTest';
  const { a, b } = pair(x, y, caller, 1);
  const opts = options ?? ({} as SignedRankTestOptions);
  const rope = checkRope(opts.rope, caller);
  const nSamples = opts.nSamples ?? 50000;
  if (!Number.isInteger(nSamples) || nSamples < 1 || nSamples > 1e7) {
    throw new InputError(`Option 'nSamples' passed to '${caller}' must be an integer in [1, 10000000], but got ${formatValue(opts.nSamples)}.`);
  }
  const prior = checkPrior(opts.priorStrength, caller);
  if (!Number.isSafeInteger(opts.seed) || opts.seed < 0) {
    throw new InputError(`Option 'seed' passed to '${caller}' must be a non-negative safe integer (the run's seed), but got ${formatValue(opts.seed)}.`);
  }
  const plan = signedRankPlan(a, b, rope, prior);
  const m = plan.z.length;
  const rng = new Rng(opts.seed);
  const w = new Float64Array(m);
  const cum = new Float64Array(m + 1);
  const samples = Matrix.zeros(nSamples, 3);
  const s = samples.data;
  const wins = [0, 0, 0];
  for (let t = 0; t < nSamples; t++) {
    dirichletVariate(rng, plan.alpha, w);
    for (let r = 0; r < m; r++) cum[r + 1] = cum[r]! + w[plan.order[r]!]!;
    let left = 0;
    let right = 0;
    for (let i = 0; i < m; i++) {
      const below = cum[plan.lowLt[i]!]! + 0.5 * (cum[plan.lowLe[i]!]! - cum[plan.lowLt[i]!]!);
      const above = cum[m]! - cum[plan.highLe[i]!]! + 0.5 * (cum[plan.highLe[i]!]! - cum[plan.highLt[i]!]!);
      left += w[i]! * below;
      right += w[i]! * above;
    }
    if (rope === 0) left = 1 - right;
    const mid = rope === 0 ? 0 : 1 - left - right;
    s[3 * t] = left;
    s[3 * t + 1] = mid;
    s[3 * t + 2] = right;
    // numpy's argmax: the first of equal maxima wins.
    wins[left >= mid && left >= right ? 0 : mid >= right ? 1 : 2]!++;
  }
  return {
    left: wins[0]! / nSamples,
    rope: wins[1]! / nSamples,
    right: wins[2]! / nSamples,
    samples,
    expected: plan.expected,
  };
}

/**
 * The exact posterior expectation of θ = (θ_left, θ_rope, θ_right) of {@link bayesianSignedRankTest}:
 * with Dirichlet parameters a = (priorStrength, 1, …, 1) and A = Σa, E[wᵢwⱼ] = aᵢaⱼ / (A(A + 1)) for
 * i ≠ j and aᵢ(aᵢ + 1) / (A(A + 1)) for i = j, so E[θ_left] = Σᵢⱼ E[wᵢwⱼ]·H(−zᵢ − zⱼ − 2·rope), and so
 * on. The Monte Carlo mean of the samples converges to it.
 * @param x - the first model's score per data set; higher is better.
 * @param y - the second model's scores on the same data sets.
 * @param options - `rope` (≥ 0, default 0) and `priorStrength` (> 0, default 0.5).
 * @returns E[θ_left], E[θ_rope], E[θ_right] (summing to 1).
 * @throws {@link InputError} for arrays that are not finite numbers or of different lengths, a
 *   negative or non-finite `rope`, or a non-positive `priorStrength`.
 * @example
 * ```ts
 * signedRankExpectation([1, 2], [1, 1]); // { left: 0.7857…, rope: 0, right: 0.2142… }
 * ```
 */
export function signedRankExpectation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { rope?: number; priorStrength?: number } = {},
): RopeProbabilities {
  const caller = 'signedRankExpectation';
  const { a, b } = pair(x, y, caller, 1);
  return signedRankPlan(a, b, checkRope(options.rope, caller), checkPrior(options.priorStrength, caller)).expected;
}

interface SignedRankPlan {
  /** Differences with the pseudo-observation first: (0, y − x). */
  z: Float64Array;
  alpha: Float64Array;
  /** Indices of z in ascending order. */
  order: Int32Array;
  /** For each i, how many sorted z_j have zᵢ + z_j < −2·rope (lowLt) and ≤ −2·rope (lowLe). */
  lowLt: Int32Array;
  lowLe: Int32Array;
  /** For each i, how many sorted z_j have zᵢ + z_j < 2·rope (highLt) and ≤ 2·rope (highLe). */
  highLt: Int32Array;
  highLe: Int32Array;
  expected: RopeProbabilities;
}

/**
 * Sorting z once makes every row of the pairwise-sum matrix monotone (floating-point addition is
 * monotone), so the counts below and above the ROPE come from binary searches on the sums themselves:
 * the same comparisons baycomp makes element by element, done once instead of once per sample.
 */
function signedRankPlan(x: Float64Array, y: Float64Array, rope: number, prior: number): SignedRankPlan {
  const m = x.length + 1;
  const z = new Float64Array(m);
  for (let i = 1; i < m; i++) z[i] = y[i - 1]! - x[i - 1]!;
  const alpha = new Float64Array(m).fill(1);
  alpha[0] = prior;
  const order = Int32Array.from({ length: m }, (_, i) => i).sort((p, q) => z[p]! - z[q]! || p - q);
  const sorted = Float64Array.from(order, (i) => z[i]!);
  // First sorted index r with zᵢ + sorted[r] (>= or >) thr.
  const search = (zi: number, thr: number, strict: boolean): number => {
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = zi + sorted[mid]!;
      if (strict ? v > thr : v >= thr) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const lowLt = new Int32Array(m);
  const lowLe = new Int32Array(m);
  const highLt = new Int32Array(m);
  const highLe = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    lowLt[i] = search(z[i]!, -2 * rope, false);
    lowLe[i] = search(z[i]!, -2 * rope, true);
    highLt[i] = search(z[i]!, 2 * rope, false);
    highLe[i] = search(z[i]!, 2 * rope, true);
  }
  // Closed-form E[θ]: E[wᵢwⱼ] = aᵢaⱼ/(A(A+1)) + [i = j]·aᵢ/(A(A+1)).
  let total = 0;
  for (const v of alpha) total += v;
  const norm = total * (total + 1);
  const cumA = new Float64Array(m + 1);
  for (let r = 0; r < m; r++) cumA[r + 1] = cumA[r]! + alpha[order[r]!]!;
  let left = 0;
  let right = 0;
  for (let i = 0; i < m; i++) {
    const below = cumA[lowLt[i]!]! + 0.5 * (cumA[lowLe[i]!]! - cumA[lowLt[i]!]!);
    const above = cumA[m]! - cumA[highLe[i]!]! + 0.5 * (cumA[highLe[i]!]! - cumA[highLt[i]!]!);
    const self = 2 * z[i]!;
    const selfBelow = self < -2 * rope ? 1 : self === -2 * rope ? 0.5 : 0;
    const selfAbove = self > 2 * rope ? 1 : self === 2 * rope ? 0.5 : 0;
    left += alpha[i]! * (below + selfBelow);
    right += alpha[i]! * (above + selfAbove);
  }
  left /= norm;
  right /= norm;
  const expected = rope === 0 ? { left: 1 - right, rope: 0, right } : { left, rope: 1 - left - right, right };
  return { z, alpha, order, lowLt, lowLe, highLt, highLe, expected };
}

/** Options of {@link defaultRope}. */
export interface DefaultRopeOptions {
  /**
   * `'absolute'` (default): 0.01 for metrics on a 0–1 scale where higher is better (accuracy,
   * balanced accuracy, F1, ROC AUC, R²), and an error for other metrics, whose units have no natural
   * ROPE (pass one). `'effectSize'`: autorank's default, a tenth of the pooled spread of `x` and `y`
   * ({@link effectSizeRope}).
   */
  mode?: 'absolute' | 'effectSize';
  /** For `'effectSize'`: the two samples whose pooled spread sets the ROPE. */
  x?: ArrayLike<number>;
  y?: ArrayLike<number>;
  /** For `'effectSize'`: whether the samples are normal (pooled SD) or not (pooled MAD). @defaultValue true */
  normal?: boolean;
}

/**
 * The metrics of {@link METRICS} on a 0–1 scale where higher is better, for which {@link defaultRope}
 * gives 0.01 (one percentage point).
 */
export const ACCURACY_LIKE_METRICS: readonly string[] = ['accuracy', 'balancedAccuracy', 'f1Macro', 'rocAuc', 'r2'];
const ACCURACY_LIKE = new Set(ACCURACY_LIKE_METRICS);

/**
 * The default ROPE (issue 13): 0.01 (one percentage point) for accuracy-like metrics, the metrics of
 * {@link METRICS} measured on a 0–1 scale where higher is better (accuracy, balancedAccuracy, f1Macro,
 * rocAuc, r2); with `mode: 'effectSize'`, autorank's default, a tenth of the pooled spread of the
 * two samples ({@link effectSizeRope}; half of Kruschke's "small" effect of 0.2).
 * @param metric - the metric's name, as in {@link METRICS} (e.g. `'accuracy'`).
 * @param options - `mode` (`'absolute'` default, or `'effectSize'` with `x`, `y` and `normal`).
 * @returns the ROPE's half-width, in the metric's units.
 * @throws {@link InputError} for a metric with no default ROPE in `'absolute'` mode (log loss, RMSE,
 *   MAE: their units depend on the data, so the suite must set `rope`), an unknown `mode`, or
 *   invalid `x`/`y` in `'effectSize'` mode.
 * @example
 * ```ts
 * defaultRope('accuracy'); // 0.01
 * defaultRope('accuracy', { mode: 'effectSize', x: [0.8, 0.82, 0.84], y: [0.79, 0.8, 0.83] }); // 0.00204…
 * ```
 */
export function defaultRope(metric: string, options: DefaultRopeOptions = {}): number {
  const caller = 'defaultRope';
  const mode = options.mode ?? 'absolute';
  if (mode === 'effectSize') {
    if (options.x === undefined || options.y === undefined) {
      throw new InputError(`Options 'x' and 'y' passed to '${caller}' are required with mode 'effectSize' (the ROPE is a tenth of their pooled spread), but got ${options.x === undefined ? 'no x' : 'no y'}.`);
    }
    return effectSizeRope(options.x, options.y, { normal: options.normal ?? true });
  }
  if (mode !== 'absolute') {
    throw new InputError(`Option 'mode' passed to '${caller}' must be 'absolute' or 'effectSize', but got ${formatValue(mode)}.`);
  }
  if (!ACCURACY_LIKE.has(metric)) {
    throw new InputError(
      `Argument 'metric' passed to '${caller}' must be an accuracy-like metric (${[...ACCURACY_LIKE].join(', ')}) to get the default ROPE of 0.01, but got ${formatValue(metric)}; set the ROPE in the metric's units instead.`,
    );
  }
  return 0.01;
}

/**
 * autorank's ROPE (`rope_mode='effsize'`, `rope=0.1`): `fraction` × the pooled standard deviation
 * √(((n_x − 1)s_x² + (n_y − 1)s_y²)/(n_x + n_y − 2)) when the data are normal, or × the pooled median
 * absolute deviation (scaled by 1.4826, so it estimates the SD of normal data) when they are not.
 * @param x - the first sample (at least 2 values).
 * @param y - the second sample (at least 2 values).
 * @param options - `normal` (default true), `fraction` (> 0, default 0.1).
 * @returns the ROPE's half-width, in the samples' units.
 * @throws {@link InputError} for samples that are not finite numbers or shorter than 2, or a non-positive `fraction`.
 * @example
 * ```ts
 * effectSizeRope([0.8, 0.82, 0.84], [0.79, 0.8, 0.83]); // 0.00204… (0.1 × pooled SD 0.0204…)
 * ```
 */
export function effectSizeRope(x: ArrayLike<number>, y: ArrayLike<number>, options: { normal?: boolean; fraction?: number } = {}): number {
  const caller = 'effectSizeRope';
  const a = toFiniteArray(x, 'x', caller, 2);
  const b = toFiniteArray(y, 'y', caller, 2);
  const fraction = options.fraction ?? 0.1;
  if (typeof fraction !== 'number' || !(fraction > 0) || !Number.isFinite(fraction)) {
    throw new InputError(`Option 'fraction' passed to '${caller}' must be a positive number, but got ${formatValue(options.fraction)}.`);
  }
  return fraction * ((options.normal ?? true) ? pooledSd(a, b) : pooledMad(a, b));
}

function pair(x: ArrayLike<number>, y: ArrayLike<number>, caller: string, minLength: number): { a: Float64Array; b: Float64Array } {
  const a = toFiniteArray(x, 'x', caller, minLength);
  const b = toFiniteArray(y, 'y', caller, minLength);
  if (a.length !== b.length) {
    throw new InputError(`Arguments 'x' and 'y' passed to '${caller}' must have the same length (paired scores), but got [${a.length}, ${b.length}].`);
  }
  return { a, b };
}

function checkRope(rope: number | undefined, caller: string): number {
  const r = rope ?? 0;
  if (typeof r !== 'number' || !(r >= 0) || !Number.isFinite(r)) {
    throw new InputError(`Option 'rope' passed to '${caller}' must be a finite number ≥ 0 (the ROPE's half-width in the metric's units), but got ${formatValue(rope)}.`);
  }
  return r;
}

function checkPrior(prior: number | undefined, caller: string): number {
  const p = prior ?? 0.5;
  if (typeof p !== 'number' || !(p > 0) || !Number.isFinite(p)) {
    throw new InputError(`Option 'priorStrength' passed to '${caller}' must be a positive finite number, but got ${formatValue(prior)}.`);
  }
  return p;
}
