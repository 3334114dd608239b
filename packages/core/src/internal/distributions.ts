/**
 * Distribution functions for the statistical tests: log-gamma, the regularised incomplete gamma
 * and beta functions, and from them the normal, Student t, chi-squared and F distributions, plus
 * the studentized range for infinite degrees of freedom (Nemenyi's q).
 *
 * Algorithms: Lanczos log-gamma (g = 7, 9 terms); incomplete gamma by its series below a + 1 and
 * Legendre's continued fraction above; incomplete beta by its continued fraction (modified Lentz)
 * with the symmetry I_x(a, b) = 1 − I_{1−x}(b, a), as in Press et al., Numerical Recipes, 3rd ed.,
 * §6.1–6.4. Upper tails are computed directly (never as 1 − cdf) so small p-values keep their
 * relative accuracy. Checked against scipy 1.10.1 in test/stats.test.ts.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 100000;

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection keeps the accuracy for small x: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularised lower and upper incomplete gamma P(a, x) and Q(a, x) = 1 − P(a, x), for a > 0, x ≥ 0. */
function gammaIncBoth(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  if (!Number.isFinite(x)) return { p: 1, q: 0 };
  const logFront = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = sum * Math.exp(logFront);
    return { p, q: 1 - p };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  const q = Math.exp(logFront) * h;
  return { p: 1 - q, q };
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b) and its complement 1 − I_x(a, b). `y` = 1 − x may be
 * given exactly by the caller to avoid cancellation when x is close to 1.
 */
function betaIncBoth(a: number, b: number, x: number, y = 1 - x): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  if (y <= 0) return { p: 1, q: 0 };
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(y);
  if (x < (a + 1) / (a + b + 2)) {
    const p = (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
    return { p, q: 1 - p };
  }
  const q = (Math.exp(logFront) * betaContinuedFraction(b, a, y)) / b;
  return { p: 1 - q, q };
}

/** Standard normal upper tail: P(Z > z). */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  // P(Z > z) = ½·erfc(z/√2) and erfc(u) = Q(½, u²) for u ≥ 0.
  const u = z / Math.SQRT2;
  if (u >= 0) return 0.5 * gammaIncBoth(0.5, u * u).q;
  return 1 - 0.5 * gammaIncBoth(0.5, u * u).q;
}

/** Standard normal CDF: P(Z ≤ z). */
export function normalCdf(z: number): number {
  return normalSf(-z);
}

/** Student t upper tail P(T > t) with `df` > 0 degrees of freedom. */
export function studentTSf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, ½)
  const { p: tail2 } = betaIncBoth(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return t >= 0 ? tail2 / 2 : 1 - tail2 / 2;
}

/** Student t CDF P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  return studentTSf(-t, df);
}

/** Chi-squared upper tail P(X > x) with `df` degrees of freedom. */
export function chiSquaredSf(x: number, df: number): number {
  if (Number.isNaN(x)) return NaN;
  return gammaIncBoth(df / 2, Math.max(0, x) / 2).q;
}

/** Chi-squared CDF. */
export function chiSquaredCdf(x: number, df: number): number {
  if (Number.isNaN(x)) return NaN;
  return gammaIncBoth(df / 2, Math.max(0, x) / 2).p;
}

/** F upper tail P(F > f) with (d1, d2) degrees of freedom. */
export function fSf(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 1;
  if (f === Infinity) return 0;
  const den = d2 + d1 * f;
  return betaIncBoth(d2 / 2, d1 / 2, d2 / den, (d1 * f) / den).p;
}

/** F CDF. */
export function fCdf(f: number, d1: number, d2: number): number {
  if (Number.isNaN(f)) return NaN;
  if (f <= 0) return 0;
  if (f === Infinity) return 1;
  const den = d2 + d1 * f;
  return betaIncBoth(d2 / 2, d1 / 2, d2 / den, (d1 * f) / den).q;
}

function normalPdf(z: number): number {
  return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
}

/**
 * CDF of the studentized range of `k` standard normals with infinite degrees of freedom:
 * P(R ≤ q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^(k−1) dz. The integrand is smooth and bounded by k·φ(z), so
 * the trapezoidal rule on [−9, 9] with step 0.02 is accurate to rounding (it converges
 * geometrically for such integrands).
 */
function studentizedRangeCdfInf(q: number, k: number): number {
  return rangeCdf(q, k, grid());
}

interface Grid {
  z: Float64Array;
  w: Float64Array;
  cdf: Float64Array;
}
let cachedGrid: Grid | undefined;

function grid(): Grid {
  if (cachedGrid) return cachedGrid;
  const h = 0.02;
  const n = Math.round(18 / h);
  const z = new Float64Array(n + 1);
  const w = new Float64Array(n + 1);
  const cdf = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    z[i] = -9 + i * h;
    w[i] = (i === 0 || i === n ? 0.5 : 1) * h * normalPdf(z[i]!);
    cdf[i] = normalCdf(z[i]!);
  }
  cachedGrid = { z, w, cdf };
  return cachedGrid;
}

function rangeCdf(q: number, k: number, g: Grid): number {
  if (q <= 0) return 0;
  let sum = 0;
  for (let i = 0; i < g.z.length; i++) {
    const diff = g.cdf[i]! - normalCdf(g.z[i]! - q);
    if (diff > 0) sum += g.w[i]! * diff ** (k - 1);
  }
  return Math.min(1, k * sum);
}

/**
 * Quantile of {@link studentizedRangeCdfInf}: the q with P(R ≤ q) = p, by the Illinois variant of
 * regula falsi on a bracketing interval (to 1e-12).
 */
export function studentizedRangeQuantileInf(p: number, k: number): number {
  const g = grid();
  const f = (q: number): number => rangeCdf(q, k, g) - p;
  let a = 0;
  let fa = -p;
  let b = 4;
  let fb = f(b);
  while (fb < 0) {
    a = b;
    fa = fb;
    b *= 2;
    fb = f(b);
  }
  let side = 0;
  for (let it = 0; it < 200 && b - a > 1e-12; it++) {
    const c = (a * fb - b * fa) / (fb - fa);
    const fc = f(c);
    if (fc === 0) return c;
    if (fc < 0) {
      a = c;
      fa = fc;
      if (side === -1) fb /= 2;
      side = -1;
    } else {
      b = c;
      fb = fc;
      if (side === 1) fa /= 2;
      side = 1;
    }
    if (Math.abs(fc) < 1e-15) return c;
  }
  return (a + b) / 2;
}
