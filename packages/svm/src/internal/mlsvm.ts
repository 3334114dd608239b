/**
 * The 'ml-svm' engine: ml-svm 2.1.2's simplified SMO, wrapped to honour the model contract.
 *
 * - Binary only: ml-svm takes labels −1 / +1; class code 1 (the class that sorts second) is +1,
 *   as libsvm/scikit-learn's decision function is positive for `classes[1]`.
 * - Seeded: its partner choice calls `options.random`, which defaults to the unseeded global generator; we pass
 *   core's seeded `Rng`.
 * - `whitening: false`: its default min-max rescaling happens inside the model, and its
 *   `margin()` is wrong with it (BASELINES.md); the runner standardises instead.
 * - Kernels are passed as objects with `compute(x, y)` (ml-kernel accepts them), with
 *   scikit-learn's definitions: ml-kernel 2.3.4 `require`s ml-kernel-polynomial and
 *   ml-kernel-sigmoid, which are now ES modules, so its own 'polynomial' and 'sigmoid' kernels
 *   fail with "KernelConstructor is not a constructor"; RBF through ml-kernel would need
 *   sigma = 1 / sqrt(2 · gamma). Linear stays ml-svm's 'linear' (it then keeps a weight vector).
 * - Known library bug, kept: its box constraint for y_i ≠ y_j is `min(C, C + a_j + a_i)` instead
 *   of `C + a_j − a_i`, so a few alphas end slightly above C (BASELINES.md).
 */
import { FitError, Rng, readFloat64Array, stateError, describeJsonValue, type StateReader } from '@mlcompare/core';
import MlSvm from 'ml-svm';
import type { Kernel } from './common.js';

/** Kernel settings the engine needs. */
export interface KernelParams {
  kernel: Kernel;
  gamma: number;
  degree: number;
  coef0: number;
}

function dot(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * y[i]!;
  return s;
}

/** ml-kernel-compatible kernel object for rbf/poly/sigmoid; 'linear' for linear. */
function kernelFor(k: KernelParams): string | { compute(x: ArrayLike<number>, y: ArrayLike<number>): number } {
  switch (k.kernel) {
    case 'linear':
      return 'linear';
    case 'rbf':
      return {
        compute: (x, y) => {
          let s = 0;
          for (let i = 0; i < x.length; i++) s += (x[i]! - y[i]!) ** 2;
          return Math.exp(-k.gamma * s);
        },
      };
    case 'poly':
      return { compute: (x, y) => (k.gamma * dot(x, y) + k.coef0) ** k.degree };
    case 'sigmoid':
      return { compute: (x, y) => Math.tanh(k.gamma * dot(x, y) + k.coef0) };
  }
}

/** A fitted ml-svm model with what it needs to be saved and restored. */
export interface MlSvmFit {
  svm: MlSvm;
  kernel: KernelParams;
}

/**
 * Trains ml-svm on rows X with class codes 0/1.
 * @throws {@link @mlcompare/core!FitError | FitError} when ml-svm stops at its iteration limit ("max iterations reached").
 */
export function trainMlSvm(X: number[][], codes: Int32Array, k: KernelParams, C: number, tol: number, seed: number): MlSvmFit {
  const rng = new Rng(seed);
  const svm = new MlSvm({ C, tol, kernel: kernelFor(k) as string, random: () => rng.random(), whitening: false });
  try {
    svm.train(X, Array.from(codes, (c) => (c === 1 ? 1 : -1)));
  } catch (err) {
    throw new FitError(`SVC.fit with engine 'ml-svm' failed: ml-svm reported '${(err as Error).message}'. Use engine 'libsvm-js'.`, { cause: err });
  }
  return { svm, kernel: k };
}

/** Class codes (0/1) from the sign of ml-svm's margin. */
export function predictMlSvm(fit: MlSvmFit, X: number[][]): Int32Array {
  const out = new Int32Array(X.length);
  for (let i = 0; i < X.length; i++) out[i] = fit.svm.marginOne(X[i]!, true) > 0 ? 1 : 0;
  return out;
}

/** JSON of a fitted ml-svm model (its own toJSON, without the functions in its options). */
export function mlSvmToJSON(fit: MlSvmFit): unknown {
  const { options: _options, ...model } = fit.svm.toJSON();
  return { kernel: fit.kernel, model };
}

/**
 * Restores {@link mlSvmToJSON} output (the field `model` of `r`), checked first: the kernel is
 * the parameters' (and the fitted gamma); ml-svm's model has a finite bias, no whitening, and
 * either one weight per feature (linear) or support vectors of nFeatures finite values with
 * labels ±1 and alphas >= 0, one each.
 * @throws {@link SerializationError} naming the field.
 */
export function mlSvmFromJSON(r: StateReader, k: KernelParams, nFeatures: number): MlSvmFit {
  const m = r.object('model');
  const kr = m.object('kernel');
  kr.equal('kernel', k.kernel, 'params.kernel');
  kr.equal('gamma', k.gamma, r.at('gamma'));
  kr.equal('degree', k.degree, 'params.degree');
  kr.equal('coef0', k.coef0, 'params.coef0');
  kr.done();
  const lib = m.object('model');
  m.done();
  const b = lib.number('b');
  lib.absent('minMax', '(the model is fitted without whitening)');
  const perFeature = { length: nFeatures, why: `one per feature: state.nFeatures is ${nFeatures}` };
  let model: Record<string, unknown>;
  if (k.kernel === 'linear') {
    model = { b, W: Array.from(lib.float64('W', perFeature)) };
  } else {
    const rows = lib.raw('X');
    if (!Array.isArray(rows) || rows.length < 1) throw stateError(r.owner, lib.at('X'), 'an array of at least 1 support vector', describeJsonValue(rows));
    const X = rows.map((row, i) => Array.from(readFloat64Array(r.owner, `${lib.at('X')}[${i}]`, row, perFeature)));
    const perVector = { length: X.length, why: `one per support vector in ${lib.at('X')}` };
    const Y = Array.from(lib.float64('Y', perVector));
    const bad = Y.findIndex((v) => v !== 1 && v !== -1);
    if (bad >= 0) throw stateError(r.owner, `${lib.at('Y')}[${bad}]`, '1 or -1', String(Y[bad]));
    const alphas = Array.from(lib.float64('alphas', { ...perVector, min: 0 }));
    model = { b, X, Y, alphas };
  }
  lib.done();
  const svm = MlSvm.load({ ...model, options: { kernel: kernelFor(k), whitening: false } });
  return { svm, kernel: k };
}
