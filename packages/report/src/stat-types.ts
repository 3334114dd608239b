/**
 * The two small types every part of `summary.json` uses, in a module that imports nothing, so that
 * `types.ts` and `tuning-types.ts` can both use them without an import circle.
 */

/** Mean and population standard deviation (divide by n) of `n` values. */
export interface Stat {
  /** Arithmetic mean. */
  mean: number;
  /** Population standard deviation (divides by `n`). */
  std: number;
  /** Number of values. */
  n: number;
}

/** Outcome of one paired comparison: significantly better or worse at the run's α, or not significant. */
export type Mark = 'better' | 'worse' | 'same';
