/**
 * LogisticRegression's block evaluator (src/internal/logistic-blocks.ts): a released evaluator's
 * kernel memory serves the next one without a trace of the values it held.
 */
import { describe, expect, it } from 'vitest';
import { blockEvaluator, slotSize, type BlockProblem } from '../src/internal/logistic-blocks.js';

/** A problem of n rows × d features and `nClasses` classes from a fixed pattern (no randomness). */
function problem(n: number, d: number, nClasses: number, phase: number): BlockProblem {
  const X = new Float64Array(n * d);
  for (let i = 0; i < X.length; i++) X[i] = Math.sin(0.37 * i + phase) * 2 + Math.cos(0.011 * i * phase);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = (i * 7 + Math.floor(3 * Math.abs(X[i * d]!))) % nClasses;
  return { X, y, n, d, nClasses, fitIntercept: true };
}

/** The loss and gradient slots of every block of `p` at a fixed theta, from evaluator `ev`. */
function evaluateAll(p: BlockProblem, ev: ReturnType<typeof blockEvaluator>): Float64Array {
  const k = p.nClasses === 2 ? 1 : p.nClasses;
  const theta = new Float64Array(k * (p.d + 1));
  for (let i = 0; i < theta.length; i++) theta[i] = 0.3 * Math.sin(1.3 * i + 0.2);
  const nb = Math.ceil(p.n / 4096);
  const partials = new Float64Array(nb * slotSize(k, p.d));
  ev.evaluate(theta, partials);
  return partials;
}

describe('blockEvaluator kernel reuse', () => {
  it('gives the values of a fresh kernel after a larger fit released its memory', () => {
    const big = problem(5000, 30, 6, 1.1);
    const small = problem(700, 9, 4, 2.3);
    const first = blockEvaluator(big, 0, 2);
    evaluateAll(big, first);
    first.release(); // its memory, full of the big problem's values, becomes the spare
    const reused = blockEvaluator(small, 0, 1); // takes the spare
    const fresh = blockEvaluator(small, 0, 1); // the spare is taken: a new kernel
    const a = evaluateAll(small, reused);
    const b = evaluateAll(small, fresh);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.every(Number.isFinite)).toBe(true);
    reused.release();
    fresh.release();
  });

  it('gives a binary problem the same values from a reused kernel as from a fresh one', () => {
    const multi = problem(3000, 12, 5, 0.4);
    const ev = blockEvaluator(multi, 0, 1);
    evaluateAll(multi, ev);
    ev.release();
    const binary = problem(1200, 12, 2, 0.9);
    const reused = blockEvaluator(binary, 0, 1);
    const fresh = blockEvaluator(binary, 0, 1);
    expect(Array.from(evaluateAll(binary, reused))).toEqual(Array.from(evaluateAll(binary, fresh)));
    reused.release();
    fresh.release();
  });
});
