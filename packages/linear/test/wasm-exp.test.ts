/**
 * The WebAssembly exp and log1p of the logistic loss (src/internal/wasm-exp.ts) against V8's
 * `Math.exp` and `Math.log1p`, bit for bit: seeded random bit patterns over the whole double
 * range (NaN, subnormals and infinities included), seeded uniform arguments where the functions
 * do their work, and the edge cases of each branch of fdlibm's code. Then the loss passes built
 * on them: the same block sums, and the same fitted models, as the JavaScript loops with `Math`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Matrix, Rng, foldMatrices } from '@mlcompare/core';
import { referenceData } from '@mlcompare/datasets';
import { pairwiseDots } from '@mlcompare/core/internal';
import { expKernel, type ExpKernel } from '../src/internal/wasm-exp.js';
import { blockEvaluator, slotSize, useWasmPasses, type BlockProblem } from '../src/internal/logistic-blocks.js';
import { LogisticRegression } from '../src/index.js';

const CHUNK = 1 << 18;
const dots = pairwiseDots(2 * CHUNK, 2, true);
const src = dots?.alloc(CHUNK);
const dst = dots?.alloc(CHUNK);
const kernel: ExpKernel | undefined = dots?.memory ? expKernel(dots.memory) : undefined;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The double with high word `hi` and low word `lo`. */
function fromWords(hi: number, lo: number): number {
  u32[1] = hi >>> 0;
  u32[0] = lo >>> 0;
  return f64[0]!;
}
/** The next double above (`step` 1) or below (−1) x, for finite x ≠ 0 of either sign (in the direction of magnitude). */
function ulps(x: number, steps: number): number {
  f64[0] = x;
  const big = new BigInt64Array(f64.buffer);
  big[0] = big[0]! + BigInt(steps);
  return f64[0]!;
}
/** Bits of a double, NaN payloads ignored (any NaN matches any NaN). */
function same(a: number, b: number): boolean {
  return Number.isNaN(a) ? Number.isNaN(b) : Object.is(a, b) && (a !== 0 || 1 / a === 1 / b);
}

/**
 * Runs `which` of the kernel over `args` (in chunks) and returns the first arguments (up to 5)
 * where it differs from `ref`, with both results.
 */
function mismatches(which: 'exp' | 'log1p' | 'expPairs' | 'log1pPairs', ref: (x: number) => number, args: Float64Array): string[] {
  const bad: string[] = [];
  for (let s = 0; s < args.length; s += CHUNK) {
    const n = Math.min(CHUNK, args.length - s);
    src!.set(args.subarray(s, s + n));
    kernel![which](src!, dst!, n);
    for (let i = 0; i < n && bad.length < 5; i++) {
      const x = src![i]!;
      if (!same(dst![i]!, ref(x))) bad.push(`${which}(${x}) = ${dst![i]} (Math: ${ref(x)})`);
    }
  }
  return bad;
}

/** `count` doubles from seeded random 64-bit patterns: every exponent, sign and payload. */
function randomBits(seed: number, count: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = fromWords(rng.nextUint32(), rng.nextUint32());
  return out;
}
/** `count` seeded uniform doubles in [lo, hi). */
function uniform(seed: number, count: number, lo: number, hi: number): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * rng.random();
  return out;
}
/** x and its 3 neighbours on each side (finite, non-zero x). */
function around(x: number): number[] {
  return [-3, -2, -1, 0, 1, 2, 3].map((s) => ulps(x, s));
}

const MIN_SUB = 5e-324;
const MAX_SUB = fromWords(0x000fffff, 0xffffffff);
const MIN_NORMAL = 2 ** -1022;
const SPECIAL = [0, -0, MIN_SUB, -MIN_SUB, MAX_SUB, -MAX_SUB, MIN_NORMAL, -MIN_NORMAL, Infinity, -Infinity, NaN, -NaN, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 0.5, -0.5, 2, -2];

/** The edge cases of exp: the overflow and underflow thresholds, the branches on |x|, values near k·ln2 for every k that does not overflow. */
function expEdges(): Float64Array {
  const xs: number[] = [...SPECIAL];
  for (const t of [7.09782712893383973096e2, -7.4513321910194110842e2, Math.LN2 / 2, -Math.LN2 / 2, 1.5 * Math.LN2, -1.5 * Math.LN2, 2 ** -28, -(2 ** -28), 709.78, -709.78, 708.39, -708.39, -745.1332191019411, 1, -1]) xs.push(...around(t));
  // The high-word thresholds the code compares |x| with, and their neighbours.
  for (const hi of [0x40862e42, 0x3fd62e42, 0x3ff0a2b2, 0x3e300000, 0x7ff00000]) {
    for (const sign of [0, 0x80000000]) for (const lo of [0, 1, 0xffffffff]) for (const dh of [-1, 0, 1]) xs.push(fromWords((hi + dh) | sign, lo));
  }
  for (let k = -1080; k <= 1025; k++) for (const d of [-0.5, -1e-9, 0, 1e-9, 0.5]) xs.push(...around((k + d) * Math.LN2).slice(2, 5));
  return Float64Array.from(xs);
}

/** The edge cases of log1p: −1 and below, the thresholds of its branches, 1 + x near √2 and powers of 2 (f tiny), 2^53. */
function log1pEdges(): Float64Array {
  const xs: number[] = [...SPECIAL];
  for (const t of [-1 + 2 ** -53, 0.41421356237309503, -0.2928932188134524, 2 ** -29, -(2 ** -29), 2 ** -54, -(2 ** -54), 2 ** 53, 2 ** 53 - 1, Math.SQRT2 - 1, Math.SQRT1_2 - 1]) xs.push(...around(t));
  for (const hi of [0x3fda827a, 0xbfd2bec4, 0x3ff00000, 0x3e200000, 0x3c900000, 0x43400000, 0x7ff00000]) {
    for (const lo of [0, 1, 0xffffffff]) for (const dh of [-1, 0, 1]) xs.push(fromWords(hi + dh, lo), fromWords((hi + dh) ^ 0x80000000, lo));
  }
  // 1 + x at 2^k (f = 0 after normalising) and 2^k·√2 (the u ~< √2 test), for every k up to 1023.
  for (let k = -60; k <= 1023; k++) {
    xs.push(...around(2 ** k - 1).slice(1, 6), ...around(2 ** k * Math.SQRT2 - 1).slice(1, 6), ...around(2 ** k).slice(2, 5));
  }
  return Float64Array.from(xs);
}

describe.skipIf(!kernel)('WebAssembly exp and log1p, bit for bit against Math', () => {
  it.each(['exp', 'expPairs'] as const)('%s: 4,000,000 random bit patterns (whole range), 2,000,000 uniform in [−750, 750] and 1,000,000 in [−2, 2], the edge cases', (which) => {
    expect(mismatches(which, Math.exp, randomBits(1, 4_000_000))).toEqual([]);
    expect(mismatches(which, Math.exp, uniform(2, 2_000_000, -750, 750))).toEqual([]);
    expect(mismatches(which, Math.exp, uniform(3, 1_000_000, -2, 2))).toEqual([]);
    const edges = expEdges();
    expect(edges.length).toBeGreaterThan(20_000);
    expect(mismatches(which, Math.exp, edges)).toEqual([]);
  });

  it.each(['log1p', 'log1pPairs'] as const)('%s: 4,000,000 random bit patterns, 2,000,000 uniform in (−1, 3), 1,000,000 in [0, 1] and in [0, 1e300), the edge cases', (which) => {
    expect(mismatches(which, Math.log1p, randomBits(4, 4_000_000))).toEqual([]);
    expect(mismatches(which, Math.log1p, uniform(5, 2_000_000, -1, 3))).toEqual([]);
    expect(mismatches(which, Math.log1p, uniform(6, 1_000_000, 0, 1))).toEqual([]);
    expect(mismatches(which, Math.log1p, uniform(7, 1_000_000, 0, 1e300))).toEqual([]);
    const edges = log1pEdges();
    expect(edges.length).toBeGreaterThan(10_000);
    expect(mismatches(which, Math.log1p, edges)).toEqual([]);
  });

  it('the comparison sees a difference of one ulp (it can fail)', () => {
    const xs = Float64Array.from([0.3, -2.5, 10]);
    for (const which of ['exp', 'expPairs'] as const) expect(mismatches(which, (x) => ulps(Math.exp(x), 1), xs)).toHaveLength(3);
    for (const which of ['log1p', 'log1pPairs'] as const) expect(mismatches(which, (x) => ulps(Math.log1p(x), -1), xs.map(Math.abs))).toHaveLength(3);
  });
});

/** A problem whose decision values span `scale` (small: every branch near 0; large: exp underflows). */
function problem(n: number, d: number, nClasses: number, scale: number, seed: number): BlockProblem {
  const rng = new Rng(seed);
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = scale * (rng.random() - 0.5);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.floor(rng.random() * nClasses);
  return { X, y, n, d, nClasses, fitIntercept: true };
}

function partials(p: BlockProblem, wasm: boolean, theta: Float64Array): Float64Array {
  useWasmPasses(wasm);
  const nb = Math.ceil(p.n / 4096);
  const k = p.nClasses === 2 ? 1 : p.nClasses;
  const ev = blockEvaluator(p, 0, nb);
  const out = new Float64Array(nb * slotSize(k, p.d));
  ev.evaluate(theta, out);
  ev.release();
  return out;
}

describe.skipIf(!kernel)('the loss passes in WebAssembly', () => {
  afterEach(() => useWasmPasses(true));

  it.each([
    [2, 0.01],
    [2, 3],
    [2, 400],
    [5, 3],
    [5, 2000],
  ])('give the block sums of the Math loops bit for bit (%i classes, values × %d)', (nClasses, scale) => {
    // An odd last block (809 rows: an odd last piece for the binary gradient), 19 features (two
    // groups of eight in the gradient's kernel, then three alone).
    const p = problem(9001, 19, nClasses, scale, 10 + nClasses);
    const k = nClasses === 2 ? 1 : nClasses;
    const rng = new Rng(7);
    for (const t of [0, 0.3, 1]) {
      const theta = new Float64Array(k * 20);
      if (t > 0) for (let i = 0; i < theta.length; i++) theta[i] = t * (rng.random() - 0.5);
      const a = partials(p, true, theta);
      const b = partials(p, false, theta);
      expect(a.every(Number.isFinite)).toBe(true);
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it('fit the same LogisticRegression, bit for bit, as Math.exp and Math.log1p (binary and 4 classes)', async () => {
    for (const nClasses of [2, 4]) {
      const p = problem(12000, 6, nClasses, 2, 30 + nClasses);
      // Labels that depend on the features, so that the fit moves far from w = 0.
      const labels = Array.from({ length: p.n }, (_, i) => String((p.y[i]! + (p.X[i * p.d]! > 0 ? 1 : 0)) % nClasses));
      const X = new Matrix(p.X, p.n, p.d);
      const fit = async (wasm: boolean) => {
        useWasmPasses(wasm);
        const m = new LogisticRegression({ nJobs: 1 });
        await m.fit(X, labels);
        return m;
      };
      const a = await fit(true);
      const b = await fit(false);
      const json = (m: LogisticRegression) => m.toJSON() as { state: unknown };
      expect(a.backend).toBe('wasm-simd');
      expect(json(a).state).toEqual(json(b).state);
    }
  });

  it.each(['breast_cancer', 'digits'])('fit %s (first reference fold, standardised) to the same bits as the Math loops', async (name) => {
    const { data, folds } = await referenceData(name);
    const f = foldMatrices(data, folds[0]!, { needsScaling: true, handlesMissing: false, probabilities: true });
    const fit = async (wasm: boolean) => {
      useWasmPasses(wasm);
      const m = new LogisticRegression({ nJobs: 1 });
      await m.fit(f.Xtrain, f.yTrain);
      return m.toJSON().state;
    };
    const a = await fit(true);
    const b = await fit(false);
    expect(a).toEqual(b);
    expect(a).not.toBeNull();
  });
});
