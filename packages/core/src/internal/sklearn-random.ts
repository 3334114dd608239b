/**
 * scikit-learn 1.2.1's random feature draws, reproduced so that `seed: s` visits features in the
 * order `random_state=s` does — which decides between equally good splits, so that our trees are
 * scikit-learn's trees (the brief asks for ties resolved as scikit-learn does; with core's `Rng`
 * the order, hence the tie-breaks, differ: measured 1.2 accuracy points apart on digits). It is
 * deterministic and seeded, like everything random in mlcompare; it is used for nothing else.
 *
 * `DecisionTree*(random_state=s)` seeds `np.random.RandomState(s)` (MT19937, `init_genrand`),
 * whose `randint(0, RAND_R_MAX)` (masked rejection on 32-bit draws, mask 0x7FFFFFFF) seeds the
 * splitter's xorshift `our_rand_r` (sklearn/tree/_utils.pyx); `rand_int(low, high)` is
 * `low + our_rand_r() % (high - low)`.
 *
 * It lives in core beside {@link Rng} because every random stream in mlcompare comes from core;
 * use `Rng` for anything that does not need to reproduce scikit-learn's own draws.
 */
/** A source of uniform integers in [0, k). */
export interface IntSource {
  /** A uniform integer in [0, k). */
  below(k: number): number;
}

const RAND_R_MAX = 0x7fffffff;

/** MT19937 as numpy's legacy `RandomState(seed)` seeds it. */
class MT19937 {
  private readonly mt = new Uint32Array(624);
  private mti = 624;
  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1]!;
      this.mt[i] = (Math.imul(1812433253, (prev ^ (prev >>> 30)) >>> 0) + i) >>> 0;
    }
  }
  next(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = (mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
      }
      this.mti = 0;
    }
    let y = mt[this.mti++]!;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

/** `np.random.RandomState(seed).randint(0, 0x7FFFFFFF)`. */
export function numpyRandint0(seed: number): number {
  const mt = new MT19937(seed);
  for (;;) {
    const v = mt.next() & 0x7fffffff;
    if (v <= RAND_R_MAX - 1) return v;
  }
}

/**
 * The draws of a scikit-learn tree fitted with `random_state=seed`. Seeds of 2^32 and above
 * (which numpy refuses) are folded into 32 bits.
 */
export function sklearnTreeRandom(seed: number): IntSource {
  const folded = seed < 2 ** 32 ? seed : ((seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32), 0x9e3779b1)) >>> 0;
  let state = numpyRandint0(folded) >>> 0;
  return {
    below(k: number): number {
      if (state === 0) state = 1;
      state = (state ^ (state << 13)) >>> 0;
      state = (state ^ (state >>> 17)) >>> 0;
      state = (state ^ (state << 5)) >>> 0;
      // state % (RAND_R_MAX + 1) for a uint32 state, as int32 arithmetic (V8 keeps `%` on doubles otherwise).
      return (state & RAND_R_MAX) % k;
    },
  };
}
