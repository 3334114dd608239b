/**
 * The two halves of Royston's Shapiro–Wilk algorithm (AS R94, 1995; scipy's `swilk`): the
 * coefficients of the order statistics, and the p-value of W from his normalising transformations.
 * Split out so the p-value can be checked on its own against scipy at scipy's own W.
 */
import { normalSf } from './distributions.js';
import { normalQuantile } from './more-distributions.js';

// Royston (1995): polynomial approximations of a_n and a_(n−1) in 1/√n, and of the mean and log-SD
// of the normalised W in n (n ≤ 11) or ln n (n ≥ 12), with the n ≤ 11 bound γ(n).
const C1 = [0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2 = [0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3 = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4 = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5 = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6 = [-0.4803, -0.082676, 0.0030302];
const G = [-2.273, 0.459];

/** c₀ + c₁x + c₂x² + … (Horner). */
function poly(c: readonly number[], x: number): number {
  let r = 0;
  for (let i = c.length - 1; i >= 0; i--) r = r * x + c[i]!;
  return r;
}

/**
 * The ⌊n/2⌋ Shapiro–Wilk coefficients for n ≥ 3 values (the largest order statistics' weights; the
 * smallest get their negatives): √½ for n = 3, else Royston's approximation from the normal scores
 * mᵢ = Φ⁻¹((i − 3/8)/(n + 1/4)), with a_n and a_(n−1) (n > 5) from polynomials in 1/√n and the rest
 * mᵢ rescaled so that Σa² = 1.
 */
export function swilkCoefficients(n: number): Float64Array {
  const half = Math.floor(n / 2);
  const a = new Float64Array(half);
  if (n === 3) {
    a[0] = Math.SQRT1_2;
    return a;
  }
  const m = new Float64Array(half);
  let summ2 = 0;
  for (let i = 0; i < half; i++) {
    m[i] = normalQuantile((i + 1 - 0.375) / (n + 0.25));
    summ2 += m[i]! * m[i]!;
  }
  summ2 *= 2;
  const ssumm2 = Math.sqrt(summ2);
  const rsn = 1 / Math.sqrt(n);
  const a1 = poly(C1, rsn) - m[0]! / ssumm2;
  let first: number;
  let fac: number;
  if (n > 5) {
    first = 2;
    const a2 = -m[1]! / ssumm2 + poly(C2, rsn);
    fac = Math.sqrt((summ2 - 2 * m[0]! ** 2 - 2 * m[1]! ** 2) / (1 - 2 * a1 ** 2 - 2 * a2 ** 2));
    a[1] = a2;
  } else {
    first = 1;
    fac = Math.sqrt((summ2 - 2 * m[0]! ** 2) / (1 - 2 * a1 ** 2));
  }
  a[0] = a1;
  for (let i = first; i < half; i++) a[i] = -m[i]! / fac;
  return a;
}

/**
 * P-value of W for n ≥ 3 values: exact for n = 3, (6/π)(asin √W − asin √¾); for 4 ≤ n ≤ 11 the normal
 * upper tail of (−ln(γ − ln(1 − W)) − μ)/σ (1e-99 beyond γ, as swilk); for n ≥ 12 of (ln(1 − W) − μ)/σ.
 * @param w1 - 1 − W when the caller has it without cancellation.
 */
export function swilkPValue(w: number, n: number, w1 = 1 - w): number {
  if (n === 3) {
    const p = (6 / Math.PI) * (Math.asin(Math.sqrt(w)) - Math.asin(Math.sqrt(0.75)));
    return Math.min(1, Math.max(0, p));
  }
  let y = Math.log(w1);
  let mean: number;
  let sd: number;
  if (n <= 11) {
    const gamma = poly(G, n);
    if (y >= gamma) return 1e-99;
    y = -Math.log(gamma - y);
    mean = poly(C3, n);
    sd = Math.exp(poly(C4, n));
  } else {
    const ln = Math.log(n);
    mean = poly(C5, ln);
    sd = Math.exp(poly(C6, ln));
  }
  return normalSf((y - mean) / sd);
}
