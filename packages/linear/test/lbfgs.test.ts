/**
 * The L-BFGS two-loop recursion (src/internal/lbfgs.ts, `searchDirection`), whose updates of the
 * direction are fused with the next dot product: bit-identical to the textbook loops below
 * (a dot product, then an axpy, pass by pass), for full and partly filled ring buffers.
 */
import { describe, expect, it } from 'vitest';
import { searchDirection } from '../src/internal/lbfgs.js';

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const axpy = (a: number, x: Float64Array, y: Float64Array): void => {
  for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
};

/** Nocedal & Wright, Algorithm 7.4, one pass per operation. */
function reference(g: Float64Array, S: Float64Array[], Y: Float64Array[], rho: number[], head: number, stored: number): Float64Array {
  const m = S.length;
  const dir = Float64Array.from(g, (v) => -v);
  const alpha = new Float64Array(m);
  for (let c = 0; c < stored; c++) {
    const k = (head - 1 - c + m) % m;
    alpha[k] = rho[k]! * dot(S[k]!, dir);
    axpy(-alpha[k]!, Y[k]!, dir);
  }
  if (stored > 0) {
    const k = (head - 1 + m) % m;
    const gamma = dot(S[k]!, Y[k]!) / dot(Y[k]!, Y[k]!);
    for (let i = 0; i < dir.length; i++) dir[i]! *= gamma;
  }
  for (let c = stored - 1; c >= 0; c--) {
    const k = (head - 1 - c + m) % m;
    const beta = rho[k]! * dot(Y[k]!, dir);
    axpy(alpha[k]! - beta, S[k]!, dir);
  }
  return dir;
}

/** Deterministic pseudo-random values in (−1, 1). */
function values(n: number, seed: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(12.9898 * (i + 1) * seed + 78.233) * 0.999);
}

describe('searchDirection', () => {
  const p = 37;
  const m = 5;
  const S = Array.from({ length: m }, (_, k) => values(p, k + 1.5));
  // y = s + a perturbation: s·y > 0, as L-BFGS keeps only such pairs.
  const Y = S.map((s, k) => Float64Array.from(s, (v, i) => v * 1.3 + 0.2 * values(p, k + 7.25)[i]!));
  const rho = S.map((s, k) => 1 / dot(s, Y[k]!));
  const g = values(p, 0.37);
  for (const [head, stored] of [
    [0, 0],
    [1, 1],
    [3, 3],
    [2, 5],
    [0, 5],
    [4, 4],
  ] as const) {
    it(`equals the textbook recursion bit for bit (head ${head}, ${stored} pairs stored)`, () => {
      const dir = new Float64Array(p);
      searchDirection(g, S, Y, rho, head, stored, dir, new Float64Array(m));
      expect(Array.from(dir)).toEqual(Array.from(reference(g, S, Y, rho, head, stored)));
    });
  }
});
