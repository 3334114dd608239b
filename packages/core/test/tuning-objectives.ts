/**
 * The standard test functions of the TPE checks (shared by test/tuning-tpe.test.ts and
 * benchmarks/perf/tpe.ts), minimised, with the spaces benchmarks/reference/optuna_ref.py gives Optuna.
 */
import { createSampler, type SearchSpace, type TuneConfig } from '../src/index.js';

/** A minimised test function on its space. */
export interface Objective {
  space: SearchSpace;
  f(config: TuneConfig): number;
}

/** Branin (Dixon & Szegő): x1 in [-5, 10], x2 in [0, 15]; minimum 0.397887 at three points. */
export const branin: Objective = {
  space: { x1: { kind: 'float', low: -5, high: 10, log: false }, x2: { kind: 'float', low: 0, high: 15, log: false } },
  f(c) {
    const x1 = c.x1 as number;
    const x2 = c.x2 as number;
    const b = 5.1 / (4 * Math.PI ** 2);
    const cc = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (x2 - b * x1 ** 2 + cc * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
  },
};

/** The 5-D sphere: Σ x_i² for x_i in [-5, 5]; minimum 0. */
export const sphere5: Objective = {
  space: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`x${i}`, { kind: 'float', low: -5, high: 5, log: false }])),
  f: (c) => Object.values(c).reduce<number>((s, v) => s + (v as number) ** 2, 0),
};

/** The best (lowest) value after `trials` ask/tell rounds of a sampler (the score told is −f). */
export function bestAfter(strategy: 'random' | 'tpe', objective: Objective, seed: number, trials: number): number {
  const s = createSampler(strategy, objective.space, seed);
  let best = Infinity;
  for (let t = 0; t < trials; t++) {
    const c = s.ask();
    const v = objective.f(c);
    s.tell(c, -v);
    best = Math.min(best, v);
  }
  return best;
}

/** The median of a list (the mean of the middle two for an even length, as numpy). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
