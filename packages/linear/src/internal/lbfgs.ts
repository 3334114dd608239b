/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithms 7.4 and
 * 7.5) with a line search satisfying the strong Wolfe conditions (Algorithms 3.5 and 3.6,
 * cubic interpolation in the zoom phase). Stopping tests follow scipy's L-BFGS-B, which
 * scikit-learn's `lbfgs` solver calls: `max |g| <= gtol`, or a relative decrease of the
 * objective `(f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol`, or `maxIter` iterations.
 */

import { MAX_ITER_REACHED } from '@mlcompare/core';

/** Computes f(x) and writes ∇f(x) into `g`. */
export type ObjectiveFn = (x: Float64Array, g: Float64Array) => number;

/** Options of {@link minimizeLbfgs}. */
export interface LbfgsOptions {
  /** Most iterations (scipy's `maxiter`). */
  maxIter: number;
  /** Gradient tolerance: stop when `max |g_i| <= gtol` (scipy's `gtol` = scikit-learn's `tol`). */
  gtol: number;
  /** Relative decrease tolerance (scipy's default `ftol` = 1e7 · eps). */
  ftol?: number;
  /** Correction pairs kept (scipy's default `maxcor` = 10). */
  memory?: number;
  /** Most function evaluations per line search (scipy's default `maxls` = 20). */
  maxLineSearch?: number;
  /** Called with the objective after each iteration. */
  onIteration?: (f: number) => void;
}

/** Outcome of {@link minimizeLbfgs}. */
export interface LbfgsResult {
  x: Float64Array;
  f: number;
  /** Iterations done. */
  nIter: number;
  /** Objective evaluations. */
  nEval: number;
  converged: boolean;
  stopReason: string;
}

const C1 = 1e-4;
const C2 = 0.9;

/** Minimises `fg` from `x0` (not modified). */
export function minimizeLbfgs(fg: ObjectiveFn, x0: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const p = x0.length;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 1e7 * Number.EPSILON;
  const maxLs = opts.maxLineSearch ?? 20;
  const x = Float64Array.from(x0);
  const g = new Float64Array(p);
  let nEval = 1;
  let f = fg(x, g);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  for (let k = 0; k < m; k++) {
    S.push(new Float64Array(p));
    Y.push(new Float64Array(p));
    rho.push(0);
  }
  let stored = 0;
  let head = 0; // next slot
  const dir = new Float64Array(p);
  const alphaBuf = new Float64Array(m);
  const xNew = new Float64Array(p);
  const gNew = new Float64Array(p);
  const xLo = new Float64Array(p);
  const gLo = new Float64Array(p);

  if (normInf(g) <= opts.gtol) return { x, f, nIter: 0, nEval, converged: true, stopReason: 'gradient below tol at the start' };

  let nIter = 0;
  while (nIter < opts.maxIter) {
    // Two-loop recursion: dir = −H g.
    searchDirection(g, S, Y, rho, head, stored, dir, alphaBuf);
    let dg0 = dot(g, dir);
    if (!(dg0 < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < p; i++) dir[i] = -g[i]!;
      dg0 = dot(g, dir);
    }
    // First step (and after a restart) of length 1 along −g, as L-BFGS-B does.
    const step0 = stored === 0 ? 1 / Math.sqrt(-dg0) : 1;

    // Line search (strong Wolfe).
    const evalAt = (alpha: number): { f: number; dg: number } => {
      for (let i = 0; i < p; i++) xNew[i] = x[i]! + alpha * dir[i]!;
      nEval++;
      const fv = fg(xNew, gNew);
      return { f: fv, dg: dot(gNew, dir) };
    };
    const ls = strongWolfe(evalAt, f, dg0, step0, maxLs, xNew, gNew, xLo, gLo);
    if (ls === null) {
      return { x, f, nIter, nEval, converged: false, stopReason: `line search failed after ${maxLs} evaluations (no further progress possible)` };
    }
    const fOld = f;
    // Update memory with s = xNew − x, y = gNew − g.
    const sK = S[head]!;
    const yK = Y[head]!;
    for (let i = 0; i < p; i++) {
      sK[i] = ls.x[i]! - x[i]!;
      yK[i] = ls.g[i]! - g[i]!;
    }
    const sy = dot(sK, yK);
    x.set(ls.x);
    g.set(ls.g);
    f = ls.f;
    nIter++;
    if (sy > 1e-10 * Math.max(1, dot(yK, yK))) {
      rho[head] = 1 / sy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    opts.onIteration?.(f);
    if (normInf(g) <= opts.gtol) return { x, f, nIter, nEval, converged: true, stopReason: `max |gradient| <= tol (${opts.gtol})` };
    if (fOld - f <= ftol * Math.max(Math.abs(fOld), Math.abs(f), 1)) {
      return { x, f, nIter, nEval, converged: true, stopReason: 'relative decrease of the objective below ftol' };
    }
  }
  return { x, f, nIter, nEval, converged: false, stopReason: `${MAX_ITER_REACHED} (${opts.maxIter})` };
}

/**
 * The L-BFGS two-loop recursion: writes `dir = −H g` for the `stored` newest pairs (s, y) of the
 * ring buffers S, Y (the newest at `head − 1`, modulo their length), with `rho = 1 / (s·y)`; uses
 * `alphaBuf` (one per slot) as scratch. Each update of dir is fused with the dot product that the
 * next step takes of the updated dir: the same operations in the same order as a separate axpy
 * then dot (bit-identical), one pass over dir fewer per step.
 */
export function searchDirection(
  g: Float64Array,
  S: readonly Float64Array[],
  Y: readonly Float64Array[],
  rho: readonly number[],
  head: number,
  stored: number,
  dir: Float64Array,
  alphaBuf: Float64Array,
): void {
  const p = g.length;
  const m = S.length;
  let next = stored > 0 ? S[(head - 1 + m) % m]! : undefined;
  let sd = 0; // dot(next, dir) as dir is written
  for (let i = 0; i < p; i++) {
    const v = -g[i]!;
    dir[i] = v;
    if (next) sd += next[i]! * v;
  }
  for (let c = 0; c < stored; c++) {
    const k = (head - 1 - c + m) % m;
    const a = rho[k]! * sd;
    alphaBuf[k] = a;
    next = c + 1 < stored ? S[(head - 2 - c + m) % m]! : undefined;
    sd = axpyDot(-a, Y[k]!, dir, next);
  }
  if (stored > 0) {
    const k = (head - 1 + m) % m;
    const gamma = dot(S[k]!, Y[k]!) / dot(Y[k]!, Y[k]!);
    // The scaling fused with the first dot of the second loop (Y of the oldest pair).
    const first = Y[(head - stored + m) % m]!;
    let yd = 0;
    for (let i = 0; i < p; i++) {
      const v = dir[i]! * gamma;
      dir[i] = v;
      yd += first[i]! * v;
    }
    for (let c = stored - 1; c >= 0; c--) {
      const k = (head - 1 - c + m) % m;
      const beta = rho[k]! * yd;
      yd = axpyDot(alphaBuf[k]! - beta, S[k]!, dir, c > 0 ? Y[(head - c + m) % m]! : undefined);
    }
  }
}

interface LsPoint {
  x: Float64Array;
  g: Float64Array;
  f: number;
}

/**
 * Strong-Wolfe line search (Nocedal & Wright Alg. 3.5 / 3.6). `evalAt(alpha)` writes the
 * trial point and gradient into `xT`/`gT`; the best point that satisfies sufficient
 * decrease is copied to `xLo`/`gLo`. Returns null when no acceptable step was found.
 */
function strongWolfe(
  evalAt: (alpha: number) => { f: number; dg: number },
  f0: number,
  dg0: number,
  alpha1: number,
  maxEval: number,
  xT: Float64Array,
  gT: Float64Array,
  xLo: Float64Array,
  gLo: Float64Array,
): LsPoint | null {
  let aPrev = 0;
  let fPrev = f0;
  let dgPrev = dg0;
  let alpha = alpha1;
  let evals = 0;
  let haveLo = false; // whether xLo/gLo hold the point at aPrev (> 0)
  const keepLo = (): void => {
    xLo.set(xT);
    gLo.set(gT);
    haveLo = true;
  };

  const zoom = (lo: number, flo: number, dglo: number, hi: number, fhi: number, dghi: number, loStored: boolean): LsPoint | null => {
    let stored = loStored;
    while (evals < maxEval) {
      const a = cubicMin(lo, flo, dglo, hi, fhi, dghi);
      const { f, dg } = evalAt(a);
      evals++;
      if (!Number.isFinite(f) || f > f0 + C1 * a * dg0 || f >= flo) {
        hi = a;
        fhi = f;
        dghi = dg;
      } else {
        if (Math.abs(dg) <= -C2 * dg0) return { x: xT, g: gT, f };
        if (dg * (hi - lo) >= 0) {
          hi = lo;
          fhi = flo;
          dghi = dglo;
        }
        lo = a;
        flo = f;
        dglo = dg;
        xLo.set(xT);
        gLo.set(gT);
        stored = true;
      }
      if (Math.abs(hi - lo) <= 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    // Out of evaluations: accept the best point with sufficient decrease, if any.
    return stored && lo > 0 && flo < f0 ? { x: xLo, g: gLo, f: flo } : null;
  };

  while (evals < maxEval) {
    const { f, dg } = evalAt(alpha);
    evals++;
    if (!Number.isFinite(f) || f > f0 + C1 * alpha * dg0 || (evals > 1 && f >= fPrev)) {
      return zoom(aPrev, fPrev, dgPrev, alpha, f, dg, haveLo);
    }
    if (Math.abs(dg) <= -C2 * dg0) return { x: xT, g: gT, f };
    if (dg >= 0) {
      // The trial point becomes lo; the previous one hi.
      const loF = f;
      const loDg = dg;
      keepLo();
      return zoom(alpha, loF, loDg, aPrev, fPrev, dgPrev, true);
    }
    aPrev = alpha;
    fPrev = f;
    dgPrev = dg;
    keepLo();
    alpha *= 4;
  }
  return haveLo && fPrev < f0 ? { x: xLo, g: gLo, f: fPrev } : null;
}

/** Minimiser of the cubic through two points with slopes, safeguarded inside the interval. */
function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const w = hi - lo;
  let t = NaN;
  if (Number.isFinite(fb) && Number.isFinite(gb)) {
    const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
    const disc = d1 * d1 - ga * gb;
    if (disc >= 0) {
      const d2 = Math.sign(b - a) * Math.sqrt(disc);
      t = b - (b - a) * ((gb + d2 - d1) / (gb - ga + 2 * d2));
    }
  }
  if (!Number.isFinite(t) || t < lo + 0.1 * w || t > hi - 0.1 * w) t = lo + 0.5 * w;
  return t;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `y += a x`, returning `dot(z, y)` of the updated y summed as {@link dot} sums it (0 without z). */
function axpyDot(a: number, x: Float64Array, y: Float64Array, z: Float64Array | undefined): number {
  if (!z) {
    for (let i = 0; i < y.length; i++) y[i]! += a * x[i]!;
    return 0;
  }
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i]! + a * x[i]!;
    y[i] = v;
    s += z[i]! * v;
  }
  return s;
}

function normInf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}
