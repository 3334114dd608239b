/**
 * Seeded pseudo-random numbers. Every random choice in mlcompare goes through
 * {@link Rng}; JavaScript's unseeded global generator is never used, so the same seed gives the same result.
 *
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand-clean),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */
import { ParameterError, formatValue } from './errors.js';

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * `x % n` for integers 0 ≤ x ≤ 2³², 1 ≤ n ≤ 2³², the same value: V8's `%` on numbers beyond the
 * 31-bit small integers is a floating-point remainder several times slower than this division
 * (its quotient, below 2³³, is exact or off by one; the products are exact), and shuffles spend
 * most of their time in it.
 */
function mod(x: number, n: number): number {
  const r = x - Math.floor(x / n) * n;
  return r < 0 ? r + n : r >= n ? r - n : r;
}

/** A seeded random number generator (sfc32). */
export class Rng {
  /**
   * sfc32's four words a, b, c, d. In a Uint32Array, not four number fields: values above 2³⁰ do
   * not fit V8's small integers, so every write to a field allocated a heap number (5× slower).
   */
  readonly #s = new Uint32Array(4);
  #spareNormal: number | undefined;

  /**
   * @param seed - a non-negative safe integer.
   * @throws {@link ParameterError} when `seed` is not a non-negative integer.
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ParameterError(`Argument 'seed' passed to 'Rng' must be a non-negative safe integer. Got ${formatValue(seed)} instead.`);
    }
    const hi = Math.floor(seed / 2 ** 32);
    const mix = splitmix32((seed >>> 0) ^ Math.imul(hi, 0x27d4eb2d));
    this.#s[0] = mix();
    this.#s[1] = mix();
    this.#s[2] = mix();
    this.#s[3] = mix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    // The Uint32Array stores each word modulo 2³², as the >>> 0 of the arithmetic would.
    const s = this.#s;
    const a = s[0]!;
    const b = s[1]!;
    const c = s[2]!;
    const d = s[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    s[3] = d + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  random(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform double in [low, high). */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.random();
  }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) {
      throw new ParameterError(`Argument 'n' passed to 'Rng.int' must be an integer in [1, 2^32]. Got ${formatValue(n)} instead.`);
    }
    return this.#below(n);
  }

  /** `int(n)` for an `n` already known to be valid (the hot loop of shuffles). */
  #below(n: number): number {
    const limit = 2 ** 32 - mod(2 ** 32, n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return mod(x, n);
  }

  /** A normal deviate (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (this.#spareNormal !== undefined) {
      const s = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + sd * s;
    }
    let u: number, v: number, s: number;
    do {
      u = this.random() * 2 - 1;
      v = this.random() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * m;
    return mean + sd * u * m;
  }

  /** Shuffles `arr` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.#below(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /** `k` distinct integers from [0, n), in random order. */
  sample(n: number, k: number): Int32Array {
    return this.permutation(n).slice(0, k);
  }

  /** A seed for an independent child generator (for a fold, a worker, a sub-model). */
  nextSeed(): number {
    return this.nextUint32() * 2097152 + (this.nextUint32() >>> 11);
  }

  /** An independent child generator. */
  fork(): Rng {
    return new Rng(this.nextSeed());
  }
}

/** Derives a seed from a base seed and a list of labels (dataset, repeat, …), stable across runs. */
export function deriveSeed(base: number, ...parts: Array<string | number>): number {
  // FNV-1a over the parts, mixed with the base seed; result is a safe non-negative integer.
  let h1 = 0x811c9dc5 ^ (base >>> 0);
  let h2 = Math.floor(base / 2 ** 32) ^ 0x9e3779b9;
  for (const part of parts) {
    const s = String(part) + '\u0000';
    for (let i = 0; i < s.length; i++) {
      h1 = Math.imul(h1 ^ s.charCodeAt(i), 16777619) >>> 0;
      h2 = Math.imul(h2 ^ s.charCodeAt(i), 2246822519) >>> 0;
    }
  }
  return (h2 >>> 11) * 2 ** 32 + h1;
}
