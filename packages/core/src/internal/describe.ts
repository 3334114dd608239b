/**
 * Descriptive statistics shared by the comparison statistics (not part of the public API): mean,
 * sample variance, median, MAD, and autorank's pooled SD and pooled scaled MAD.
 */

/** Arithmetic mean. */
export function meanOf(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

/** Pooled standard deviation (ddof 1 in each sample), as autorank's `_pooled_std`. */
export function pooledSd(a: Float64Array, b: Float64Array): number {
  return Math.sqrt(((a.length - 1) * sampleVariance(a) + (b.length - 1) * sampleVariance(b)) / (a.length + b.length - 2));
}

/** Pooled MAD scaled by 1.4826, as autorank's `_pooled_mad`. */
export function pooledMad(a: Float64Array, b: Float64Array): number {
  const ma = 1.4826 * mad(a);
  const mb = 1.4826 * mad(b);
  return Math.sqrt(((a.length - 1) * ma * ma + (b.length - 1) * mb * mb) / (a.length + b.length - 2));
}

/** Sample variance, ddof 1; exactly 0 when every value is the same (the rounded mean of n equal values need not equal them). */
export function sampleVariance(a: ArrayLike<number>): number {
  let constant = true;
  for (let i = 1; i < a.length && constant; i++) constant = a[i] === a[0];
  if (constant) return 0;
  const mean = meanOf(a);
  let ss = 0;
  for (let i = 0; i < a.length; i++) ss += (a[i]! - mean) ** 2;
  return ss / (a.length - 1);
}

/** Median (mean of the two middle values for an even length). */
export function median(a: ArrayLike<number>): number {
  const s = Float64Array.from(a).sort();
  const n = s.length;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Median absolute deviation from the median, unscaled (scipy.stats.median_abs_deviation). */
export function mad(a: ArrayLike<number>): number {
  const m = median(a);
  return median(Float64Array.from(a, (v) => Math.abs(v - m)));
}

