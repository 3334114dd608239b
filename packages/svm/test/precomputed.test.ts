/**
 * The precomputed-kernel path of the libsvm-js engine (src/internal/kernel.ts): kernel values as
 * libsvm defines them, and models that match libsvm-js trained on the features themselves.
 */
import { Matrix, Rng } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { SVC } from '../src/index.js';
import { resolveGamma } from '../src/gamma.js';
import { libsvmOptions, type Kernel } from '../src/internal/common.js';
import { gramRows, type KernelParams } from '../src/internal/kernel.js';
import { precomputeKernel, sharedLibsvm, trainLibsvm, type LibsvmState } from '../src/internal/libsvm.js';

const KERNELS: Kernel[] = ['linear', 'rbf', 'poly', 'sigmoid'];

/** k Gaussian blobs in d dimensions, overlapping enough for many support vectors (seeded). */
function blobs(n: number, d: number, k: number, seed: number): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => rng.normal(0, 0.6)));
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % k;
    X.push(centres[c]!.map((m) => rng.normal(m, 1)));
    y.push(c);
  }
  return { X, y };
}

/** libsvm's kernels (svm.cpp, Kernel::kernel_*), written out naively. */
function libsvmKernel(p: KernelParams, x: number[], z: number[]): number {
  let dot = 0;
  let xx = 0;
  let zz = 0;
  for (let t = 0; t < x.length; t++) {
    dot += x[t]! * z[t]!;
    xx += x[t]! * x[t]!;
    zz += z[t]! * z[t]!;
  }
  if (p.kernel === 'linear') return dot;
  if (p.kernel === 'rbf') return Math.exp(-p.gamma * (xx + zz - 2 * dot));
  if (p.kernel === 'poly') return (p.gamma * dot + p.coef0) ** p.degree;
  return Math.tanh(p.gamma * dot + p.coef0);
}

type Fitted = { fitted(): { inner: LibsvmState } };

describe('precomputed kernels for libsvm-js', () => {
  it('builds the Gram matrix in libsvm’s format: serial number, then K(x_i, x_j) as libsvm defines K', () => {
    const { X } = blobs(300, 7, 3, 1); // 300 rows: more than one block of 128
    const M = Matrix.fromRows(X);
    for (const kernel of KERNELS) {
      const p: KernelParams = { kernel, gamma: 0.15, degree: 3, coef0: 0.5 };
      const rows = gramRows(M, p);
      expect(rows).toHaveLength(300);
      for (let i = 0; i < 300; i += 7) {
        expect(rows[i]![0]).toBe(i + 1);
        for (let j = 0; j < 300; j += 5) {
          const want = libsvmKernel(p, X[i]!, X[j]!);
          expect(Math.abs(rows[i]![j + 1]! - want)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want)));
          expect(rows[i]![j + 1]).toBe(rows[j]![i + 1]); // exactly symmetric
        }
      }
    }
  });

  it('is used for multi-class problems with enough features, not for easy binary ones', () => {
    expect(precomputeKernel(1437, 64, 10)).toBe(true); // digits
    expect(precomputeKernel(455, 30, 2)).toBe(false); // breast_cancer: measured slower
    expect(precomputeKernel(142, 13, 3)).toBe(false); // wine
    expect(precomputeKernel(5000, 64, 10)).toBe(false); // too many rows for an n² matrix in the heap
  });

  for (const kernel of KERNELS) {
    it(`${kernel}: SVC trains on the precomputed kernel and predicts as libsvm-js on the features; JSON and dispose work`, async () => {
      const train = blobs(180, 16, 3, 11);
      const test = blobs(120, 16, 3, 12);
      const m = await new SVC({ kernel, degree: 2, coef0: 0.5, engine: 'libsvm-js' }).fit(train.X, train.y);
      const state = (m as unknown as Fitted).fitted().inner;
      expect(state.pre).toBeDefined(); // 16 features × (3 − 1) ≥ 32

      // libsvm-js on the features, same options.
      const lib = await sharedLibsvm();
      const Xtr = Matrix.fromRows(train.X);
      const gamma = resolveGamma('scale', Xtr);
      const p = { kernel, C: 1, degree: 2, coef0: 0.5, tol: 1e-3, shrinking: true };
      const { svm: native } = trainLibsvm(lib, libsvmOptions(lib.SVM, p, gamma, { type: lib.SVM.SVM_TYPES.C_SVC }), Xtr, train.y, 'test');
      expect([...state.pre!.serial].map((s) => s - 1)).toEqual(native.getSVIndices());
      const want = test.X.map((x) => native.predictOne(x));
      native.free();
      const got = await m.predict(test.X);
      expect(got).toEqual(want);
      expect(await m.predict(test.X.slice(5, 6))).toEqual(got.slice(5, 6)); // one row as in a batch

      // The JSON holds the model with the kernel itself, which libsvm predicts with directly.
      const json = JSON.parse(JSON.stringify(m)) as { state: { model: { model: string } } };
      const text = json.state.model.model;
      expect(text).not.toContain('precomputed');
      expect(text).toContain(`kernel_type ${{ linear: 'linear', rbf: 'rbf', poly: 'polynomial', sigmoid: 'sigmoid' }[kernel]}\n`);
      expect(text.split('\nSV\n')[1]!.split('\n')[0]!.split(' ').filter((t) => t.includes(':'))).toHaveLength(16);
      const back = SVC.fromJSON(json);
      expect(await back.predict(test.X)).toEqual(got);

      const svm = state.svm!;
      m.dispose();
      expect(svm.model).toBeNull();
      expect(state.pre).toBeUndefined();
      back.dispose();
    });
  }
});
