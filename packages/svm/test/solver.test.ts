/**
 * The default engine 'libsvm' (libsvm's solver in TypeScript, src/internal/solver.ts) against
 * libsvm itself (engine 'libsvm-js', libsvm 3 compiled to WebAssembly): the same model with every
 * kernel, with and without shrinking, for SVC (one-vs-one over three classes) and SVR — the same
 * support vectors, labels and counts, coefficients and rho to 1e-9 (the dot products are summed
 * in another order: see solver.ts) and the same predicted classes; and the kernel cache, however
 * small, changes nothing.
 */
import { Matrix, Rng } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { SVC, SVR } from '../src/index.js';
import { resolveGamma } from '../src/gamma.js';
import type { Kernel } from '../src/internal/common.js';
import { DenseKernel, exp, trainCSvc, trainEpsilonSvr } from '../src/internal/solver.js';

const KERNELS: Kernel[] = ['linear', 'rbf', 'poly', 'sigmoid'];

/** Three overlapping Gaussian blobs (many support vectors, free and bounded); the first row is of class 2. */
function blobs(n: number, d: number, seed: number): { X: number[][]; y: number[]; t: number[] } {
  const rng = new Rng(seed);
  const centres = Array.from({ length: 3 }, () => Array.from({ length: d }, () => rng.normal(0, 0.7)));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = (i + 2) % 3;
    X.push(centres[c]!.map((m) => rng.normal(m, 1)));
    y.push(c);
  }
  const t = X.map((r) => 3 * r[0]! - r[1]! + Math.sin(2 * r[2]!) + rng.normal(0, 0.3));
  return { X, y, t };
}

const modelText = (m: SVC | SVR): string => (m.toJSON().state as { model: { model: string } }).model.model;

/**
 * Two model texts are the same model: the same lines and items, the support vectors' features
 * equal, every other number (coefficients, rho) equal to 1e-9. (Dot products are summed in another
 * order here, and the sigmoid kernel's tanh is JavaScript's Math.tanh here, libsvm-js's own
 * compiled C there: they differ in the last bits.)
 */
function sameModel(a: string, b: string): void {
  const ta = a.split(/[\n ]/);
  const tb = b.split(/[\n ]/);
  expect(ta.length).toBe(tb.length);
  ta.forEach((x, i) => {
    const [u, v] = [Number(x.slice(x.indexOf(':') + 1)), Number(tb[i]!.slice(tb[i]!.indexOf(':') + 1))];
    if (Number.isNaN(u) || x.includes(':')) expect(x).toBe(tb[i]);
    else expect(Math.abs(u - v)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(v)));
  });
}

describe("engine 'libsvm' trains libsvm's model", () => {
  const { X, y, t } = blobs(240, 4, 7);
  const Q = blobs(60, 4, 8).X;
  for (const kernel of KERNELS) {
    for (const shrinking of [true, false]) {
      it(`${kernel}, shrinking ${shrinking}: SVC and SVR the models of libsvm-js`, async () => {
        const params = { kernel, shrinking, degree: 2, coef0: 0.5, C: 2 };
        const ours = await new SVC(params).fit(X, y);
        const lib = await new SVC({ ...params, engine: 'libsvm-js' }).fit(X, y);
        expect(ours.backend).toBe('js');
        const text = modelText(ours);
        sameModel(text, modelText(lib));
        expect(text).toMatch(/^svm_type c_svc\n[^]*\nlabel 2 0 1\n/); // libsvm's order: first appearance
        expect(ours.convergence).toEqual(lib.convergence);
        expect(await ours.predict(Q)).toEqual(await lib.predict(Q));
        const back = SVC.fromJSON(JSON.parse(JSON.stringify(ours)));
        expect(await back.predict(Q)).toEqual(await ours.predict(Q));
        expect(modelText(back)).toBe(text);
        lib.dispose();

        const svr = await new SVR({ ...params, epsilon: 0.2 }).fit(X, t);
        const svrLib = await new SVR({ ...params, epsilon: 0.2, engine: 'libsvm-js' }).fit(X, t);
        sameModel(modelText(svr), modelText(svrLib));
        expect(svr.convergence).toEqual(svrLib.convergence);
        const [a, b] = [await svr.predict(Q), await svrLib.predict(Q)];
        a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 10));
        const svrBack = SVR.fromJSON(JSON.parse(JSON.stringify(svr)));
        expect(await svrBack.predict(Q)).toEqual(await svr.predict(Q));
        svrLib.dispose();
      });
    }
  }

  it('a kernel cache of two columns (columns dropped, regrown and swapped while shrinking) gives the model of a 200 MB cache', () => {
    const big = blobs(900, 3, 11);
    const M = Matrix.fromRows(big.X);
    const k = new DenseKernel(M.data, M.rows, M.cols, { kernel: 'rbf', gamma: resolveGamma('scale', M), degree: 3, coef0: 0 });
    const full = trainCSvc(k, big.y, 10, 1e-3, true, 200 * 2 ** 20);
    const tiny = trainCSvc(k, big.y, 10, 1e-3, true, 1);
    expect(tiny.model).toEqual(full.model);
    expect(tiny.info).toEqual(full.info);
    expect(full.info.iterations).toBeGreaterThan(1000); // past the first shrinking (every min(l, 1000) iterations)
    const fullR = trainEpsilonSvr(k, big.t, 1, 0.1, 1e-3, true, 200 * 2 ** 20);
    const tinyR = trainEpsilonSvr(k, big.t, 1, 0.1, 1e-3, true, 1);
    expect(tinyR.model).toEqual(fullR.model);
  });
});

describe('exp (the rbf kernel\'s)', () => {
  it('is within 2 units in the last place of Math.exp (each within one of e^x) over the kernel\'s range, and exact or Math.exp at the edges', () => {
    const f = new Float64Array(2);
    const bits = new BigInt64Array(f.buffer);
    const ulps = (a: number, b: number): number => {
      f[0] = a;
      f[1] = b;
      return Math.abs(Number(bits[0]! - bits[1]!));
    };
    const rng = new Rng(3);
    let worst = 0;
    let same = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = -rng.uniform() * (i % 2 === 0 ? 40 : 707) + (i % 5 === 0 ? 5 : 0);
      const u = ulps(exp(x), Math.exp(x));
      worst = Math.max(worst, u);
      if (u === 0) same++;
    }
    expect(worst).toBeLessThanOrEqual(2);
    expect(same / n).toBeGreaterThan(0.6);
    expect(exp(0)).toBe(1);
    expect(exp(-0)).toBe(1);
    for (const x of [-708, -745, -746, 709, 710, Number.NaN, -Infinity, Infinity]) expect(exp(x)).toBe(Math.exp(x));
  });
});
