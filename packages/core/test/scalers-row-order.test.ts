// StandardScaler and MinMaxScaler take their statistics in passes over the rows (all columns at
// once) rather than a column at a time: the same sums in the same order, so the same bits. The
// reference below is the column-at-a-time code they replaced (0.4 s on 150,000 × 20 rows).
import { describe, expect, it } from 'vitest';
import { Matrix, MinMaxScaler, Rng, StandardScaler } from '../src/index.js';

function columnStats(X: Matrix): { mean: Float64Array; scale: Float64Array; lo: Float64Array; hi: Float64Array } {
  const d = X.cols;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  const lo = new Float64Array(d);
  const hi = new Float64Array(d);
  const eps = 2 ** -52;
  for (let j = 0; j < d; j++) {
    const v: number[] = [];
    for (let i = 0; i < X.rows; i++) if (!Number.isNaN(X.data[i * d + j]!)) v.push(X.data[i * d + j]!);
    const n = v.length;
    let big = 0;
    for (const x of v) big = Math.max(big, Math.abs(x));
    const f = big === 0 || !Number.isFinite(big) ? 1 : 2 ** -Math.min(1000, Math.max(-1000, Math.floor(Math.log2(big))));
    let sum = 0;
    for (const x of v) sum += x * f;
    const m = sum / n;
    let corr = 0;
    let sq = 0;
    for (const x of v) {
      const c = x * f - m;
      corr += c;
      sq += c * c;
    }
    const variance = (sq - (corr * corr) / n) / n;
    mean[j] = m / f;
    if (!(variance <= n * eps * variance + (n * m * eps) ** 2)) scale[j] = Math.sqrt(variance) / f;
    lo[j] = Math.min(...v);
    hi[j] = Math.max(...v);
  }
  return { mean, scale, lo, hi };
}

const bits = (a: ArrayLike<number>): string => Buffer.from(Float64Array.from(a).buffer).toString('hex');

describe('scalers computed in row order', () => {
  it('give the column-at-a-time statistics and transforms bit for bit: NaN, huge and tiny magnitudes, constant columns', () => {
    const rng = new Rng(17);
    for (let t = 0; t < 20; t++) {
      const n = 1 + rng.int(300);
      const d = 1 + rng.int(7);
      const data = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) {
          const kind = (j + t) % 6;
          let x = rng.normal() * 10 ** (rng.int(12) - 6);
          if (kind === 1) x *= 1e300;
          if (kind === 2) x *= 1e-310;
          if (kind === 3) x = 4.25; // constant
          if (kind === 4) x = 1e6 + x * 1e-3; // a big offset: the two-pass correction counts
          data[i * d + j] = rng.random() < 0.1 && i > 0 ? NaN : x;
        }
      }
      const X = new Matrix(data, n, d);
      const ref = columnStats(X);
      const std = new StandardScaler().fit(X);
      expect(bits(std.mean)).toBe(bits(ref.mean));
      expect(bits(std.scale)).toBe(bits(ref.scale));
      const Z = std.transform(X);
      const want = data.map((x, k) => {
        const z = (x - ref.mean[k % d]!) / ref.scale[k % d]!;
        return !Number.isFinite(z) && Number.isFinite(x) ? x / ref.scale[k % d]! - ref.mean[k % d]! / ref.scale[k % d]! : z;
      });
      expect(bits(Z.data)).toBe(bits(want));
      const mm = new MinMaxScaler().fit(X).transform(X);
      const mmWant = data.map((x, k) => {
        const a = ref.lo[k % d]!;
        const range = ref.hi[k % d]! - a;
        const s = Number.isFinite(range) ? 1 / (range < 10 * 2 ** -52 ? 1 : range) : 1 / (ref.hi[k % d]! / 2 - a / 2) / 2;
        return x * s + (0 - a * s);
      });
      expect(bits(mm.data)).toBe(bits(mmWant));
    }
  });

  it('keep values near the largest double finite where x − mean or max − min overflows', () => {
    const X = new Matrix(Float64Array.from([1.7e308, 1, -1.7e308, 2, -1.7e308, 3]), 3, 2);
    const std = new StandardScaler().fit(X);
    const Z = std.transform(X);
    const [m, sc] = [std.mean[0]!, std.scale[0]!];
    expect(Number.isFinite(1.7e308 - m)).toBe(false); // the plain formula overflows here
    expect(Array.from({ length: 3 }, (_, i) => Z.data[i * 2]!)).toEqual([1.7e308 / sc - m / sc, -1.7e308 / sc - m / sc, -1.7e308 / sc - m / sc]);
    expect(Z.data.every((v) => Number.isFinite(v))).toBe(true);
    const mm = new MinMaxScaler().fit(X).transform(X);
    // max − min is Infinity: the scale is taken from the halves, (1 − 0) / (b/2 − a/2) / 2.
    const s0 = 1 / (1.7e308 / 2 - -1.7e308 / 2) / 2;
    expect([mm.data[0], mm.data[2], mm.data[4]]).toEqual([1.7e308 * s0 + (0 - -1.7e308 * s0), 0, 0]);
    expect(mm.data[0]).toBeCloseTo(1, 12);
    expect([mm.data[1], mm.data[3], mm.data[5]]).toEqual([0, 0.5, 1]);
  });

  it('name the first column with no observed value', () => {
    const X = new Matrix(Float64Array.from([1, NaN, NaN, 2, NaN, NaN]), 2, 3);
    expect(() => new StandardScaler().fit(X)).toThrow(/Column 1 of argument 'X' passed to 'StandardScaler.fit' has no observed values/);
    expect(() => new MinMaxScaler().fit(X)).toThrow(/Column 1 of argument 'X' passed to 'MinMaxScaler.fit' has no observed values/);
  });
});
