/**
 * Distribution functions the comparison statistics of issue 13 need beyond `distributions.ts`: the
 * standard normal quantile, the studentized range distribution for finite degrees of freedom
 * (Tukey's HSD), and gamma / Dirichlet variates drawn through core's seeded {@link Rng}.
 *
 * Algorithms:
 * - Normal quantile: Newton's method on ln Φ(x) − ln p (so the tails keep their relative accuracy),
 *   started from the logistic-tail approximation x₀ = −√(−2 ln p) corrected by one step of
 *   Abramowitz & Stegun 26.2.23; Φ is `normalCdf` (incomplete gamma, accurate to rounding).
 * - Studentized range: P(Q ≤ q; k, ν) = ∫₀^∞ f_S(s) P_∞(q s; k) ds with S = √(χ²_ν / ν) and
 *   P_∞(x; k) = k ∫ φ(z) [Φ(z) − Φ(z − x)]^(k−1) dz (Tukey 1953; the double integral scipy 1.10's
 *   `studentized_range` evaluates). Both integrands are analytic and decay like Gaussians, so the
 *   trapezoidal rule converges geometrically: the inner one on z ∈ [−9, 9] with step 1/8, the outer
 *   one in u = ln s on the interval where the log-density is within 45 of its maximum, with a step
 *   that shrinks like 1/√ν (the width of the density in u).
 * - Gamma variates: Marsaglia & Tsang, "A Simple Method for Generating Gamma Variables", ACM TOMS 26
 *   (2000), with the U^(1/a) boost for shape a < 1 and −ln U for shape 1; Dirichlet = independent
 *   gammas normalised.
 */
import type { Rng } from '../rng.js';
import { logGamma, normalCdf, studentTSf } from './distributions.js';

const LN_MIN = Math.log(Number.MIN_VALUE);

/**
 * Standard normal quantile Φ⁻¹(p): the x with P(Z ≤ x) = p; −Infinity at 0, Infinity at 1, NaN
 * outside [0, 1].
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -lowerQuantile(1 - p);
  return lowerQuantile(p);
}

/** Φ⁻¹(p) for 0 < p ≤ ½ (x ≤ 0). */
function lowerQuantile(p: number): number {
  if (p === 0.5) return 0;
  const lp = Math.log(p);
  // A & S 26.2.23 (|error| < 4.5e-4) as the start.
  const t = Math.sqrt(-2 * lp);
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (let it = 0; it < 60; it++) {
    const cdf = normalCdf(x);
    // d/dx ln Φ(x) = φ(x)/Φ(x); work in logs so deep tails (p ~ 1e-300) converge.
    const lcdf = Math.log(cdf);
    const lpdf = -0.5 * x * x - 0.5 * Math.log(2 * Math.PI);
    const step = (lcdf - lp) / Math.exp(lpdf - lcdf);
    x -= step;
    if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

// Inner grid of P_∞(x; k): z ∈ [−9, 9], step 1/8 (trapezoid; error far below 1e-12 here).
const INNER_H = 0.125;
let inner: { z: Float64Array; w: Float64Array; cdf: Float64Array } | undefined;

function innerGrid(): { z: Float64Array; w: Float64Array; cdf: Float64Array } {
  if (inner) return inner;
  const n = Math.round(18 / INNER_H);
  const z = new Float64Array(n + 1);
  const w = new Float64Array(n + 1);
  const cdf = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    z[i] = -9 + i * INNER_H;
    w[i] = INNER_H * Math.exp(-0.5 * z[i]! * z[i]! - 0.5 * Math.log(2 * Math.PI));
    cdf[i] = normalCdf(z[i]!);
  }
  inner = { z, w, cdf };
  return inner;
}

/** P_∞(x; k), the range of k standard normals, and its complement (each summed directly). */
function rangeInf(x: number, k: number): { cdf: number; sf: number } {
  if (x <= 0) return { cdf: 0, sf: 1 };
  const g = innerGrid();
  let sum = 0;
  for (let i = 0; i < g.z.length; i++) {
    const d = g.cdf[i]! - normalCdf(g.z[i]! - x);
    if (d > 0) sum += g.w[i]! * d ** (k - 1);
  }
  const cdf = Math.min(1, k * sum);
  return { cdf, sf: 1 - cdf };
}

/**
 * CDF and survival function of the studentized range of `k` ≥ 2 normal means with `df` > 0 degrees
 * of freedom (`Infinity` allowed), as scipy.stats.studentized_range.
 */
export function studentizedRange(q: number, k: number, df: number): { cdf: number; sf: number } {
  if (Number.isNaN(q)) return { cdf: NaN, sf: NaN };
  if (q <= 0) return { cdf: 0, sf: 1 };
  if (q === Infinity) return { cdf: 1, sf: 0 };
  if (df === Infinity) return rangeInf(q, k);
  // Log-density of U = ln S: c + ν u − ν e^{2u} / 2, maximal at u = 0.
  const c = (df / 2) * Math.log(df / 2) + Math.log(2) - logGamma(df / 2);
  const logDensity = (u: number): number => c + df * u - (df / 2) * Math.exp(2 * u);
  const top = logDensity(0);
  const edge = (dir: number): number => {
    let lo = 0;
    let hi = dir;
    while (logDensity(hi) > top - 45) hi *= 2;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (logDensity(mid) > top - 45) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  const a = edge(-1);
  const b = edge(1);
  const h = Math.min(0.1, 0.5 / Math.sqrt(df));
  const n = Math.ceil((b - a) / h);
  const step = (b - a) / n;
  let mass = 0;
  let cdf = 0;
  let sf = 0;
  for (let i = 0; i <= n; i++) {
    const u = a + i * step;
    const ld = logDensity(u);
    if (ld < LN_MIN) continue;
    const w = Math.exp(ld) * (i === 0 || i === n ? 0.5 : 1);
    const r = rangeInf(q * Math.exp(u), k);
    mass += w;
    cdf += w * r.cdf;
    sf += w * r.sf;
  }
  return { cdf: cdf / mass, sf: sf / mass };
}

/** A Gamma(shape, 1) variate (Marsaglia & Tsang 2000); `shape` > 0. */
export function gammaVariate(rng: Rng, shape: number): number {
  // Gamma(1) is the unit exponential: −ln U with U in (0, 1], one uniform instead of a normal and a uniform.
  if (shape === 1) return -Math.log(1 - rng.random());
  if (shape < 1) {
    // Γ(a) = Γ(a + 1) · U^{1/a}; 1 − random() is in (0, 1].
    const g = gammaVariate(rng, shape + 1);
    return g * Math.pow(1 - rng.random(), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Fills `out` with one Dirichlet(`alpha`) draw (independent gammas, normalised). */
export function dirichletVariate(rng: Rng, alpha: ArrayLike<number>, out: Float64Array): void {
  let total = 0;
  for (let i = 0; i < alpha.length; i++) {
    const g = gammaVariate(rng, alpha[i]!);
    out[i] = g;
    total += g;
  }
  for (let i = 0; i < alpha.length; i++) out[i]! /= total;
}

/**
 * Student t quantile: the t with P(T ≤ t; ν) = p, for 0 < p < 1 and ν > 0. Found by bisection on
 * core's `studentTSf` (incomplete beta, accurate to about 1e-11 relative) until the bracket cannot
 * shrink in double precision: geometric steps while the bracket spans more than a factor of 4 (so
 * heavy tails, ν = 1 and p = 1e−300, take a few thousand steps at most), halving after. Symmetric:
 * t(1 − p) = −t(p), each side solved on its own tail probability.
 */
export function studentTQuantileImpl(p: number, df: number): number {
  if (p === 0.5) return 0;
  // The tail probability q beyond |t|: p itself below ½ (so p = 1e−10 keeps all its digits), 1 − p above.
  const q = p < 0.5 ? p : 1 - p;
  const sign = p < 0.5 ? -1 : 1;
  let lo = 0;
  let hi = 1;
  while (studentTSf(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) return sign * Infinity;
  }
  for (let it = 0; it < 5000; it++) {
    const mid = lo > 0 && hi / lo > 4 ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (studentTSf(mid, df) > q) lo = mid;
    else hi = mid;
  }
  return (sign * (lo + hi)) / 2;
}
