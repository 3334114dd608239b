/**
 * The default engine, 'libsvm': libsvm's algorithm in TypeScript on dense rows (solver.ts), its
 * models kept as plain arrays, and written to / read from libsvm's model text (the same text as
 * the 'libsvm-js' engine writes, numbers at full precision), so that a model file does not depend
 * on the engine that trained it.
 */
import type { Convergence, Matrix } from '@mlcompare/core';
import { kernelLines, type KernelParams } from './kernel.js';
import { DenseKernel, predictDense, trainCSvc, trainEpsilonSvr, type DenseModel, type TrainInfo } from './solver.js';

/** libsvm's kernel cache, as scikit-learn's default `cache_size=200` (MB). */
const CACHE_BYTES = 200 * 2 ** 20;

/** @internal A model of the 'libsvm' engine: trained here, or read from its model text. */
export interface DenseState {
  engine: 'libsvm';
  gamma: number;
  kernel: KernelParams;
  dense: DenseModel;
  /** How the solver ended (undefined for a model read from JSON). */
  convergence?: Convergence;
}

function convergenceOf(info: TrainInfo, variables: number): Convergence {
  return { converged: !info.reachedLimit, iterations: info.iterations, limit: Math.max(10_000_000, Math.min(100 * variables, 2147483647)) };
}

/** Trains C-SVC on the rows of X with class codes y (libsvm's `svm_train`, no probabilities). */
export function fitDenseSvc(X: Matrix, y: ArrayLike<number>, kernel: KernelParams, C: number, tol: number, shrinking: boolean): DenseState {
  const k = new DenseKernel(X.data, X.rows, X.cols, kernel);
  const { model, info } = trainCSvc(k, y, C, tol, shrinking, CACHE_BYTES);
  return { engine: 'libsvm', gamma: kernel.gamma, kernel, dense: model, convergence: convergenceOf(info, X.rows) };
}

/** Trains epsilon-SVR on the rows of X with targets y. */
export function fitDenseSvr(X: Matrix, y: ArrayLike<number>, kernel: KernelParams, C: number, epsilon: number, tol: number, shrinking: boolean): DenseState {
  const k = new DenseKernel(X.data, X.rows, X.cols, kernel);
  const { model, info } = trainEpsilonSvr(k, y, C, epsilon, tol, shrinking, CACHE_BYTES);
  return { engine: 'libsvm', gamma: kernel.gamma, kernel, dense: model, convergence: convergenceOf(info, 2 * X.rows) };
}

/** libsvm's prediction for each row of X: a class code (SVC) or a value (SVR). */
export function predictDenseState(s: DenseState, X: Matrix, regression: boolean): Float64Array {
  return predictDense(s.dense, s.kernel, regression, X.data, X.rows);
}

/** libsvm's model text of a 'libsvm' model (`svm_save_model`'s layout, every number at full precision). */
export function denseModelText(s: DenseState, regression: boolean): string {
  const m = s.dense;
  const lines = [`svm_type ${regression ? 'epsilon_svr' : 'c_svc'}`, ...kernelLines(s.kernel), `nr_class ${m.nrClass}`, `total_sv ${m.l}`];
  lines.push(`rho ${Array.from(m.rho, String).join(' ')}`);
  if (!regression) lines.push(`label ${Array.from(m.label).join(' ')}`);
  if (m.probA && m.probB) lines.push(`probA ${Array.from(m.probA, String).join(' ')}`, `probB ${Array.from(m.probB, String).join(' ')}`);
  if (!regression) lines.push(`nr_sv ${Array.from(m.nSV).join(' ')}`);
  lines.push('SV');
  const d = m.d;
  for (let i = 0; i < m.l; i++) {
    const parts = m.svCoef.map((row) => String(row[i]));
    for (let f = 0; f < d; f++) parts.push(`${f + 1}:${String(m.SV[i * d + f])}`);
    lines.push(parts.join(' ') + ' ');
  }
  return lines.join('\n') + '\n';
}

/**
 * A 'libsvm' model from a libsvm model text already checked by `readLibsvmText` (so every line
 * it reads is there and well formed).
 */
export function parseDenseModel(text: string, kernel: KernelParams, nFeatures: number, regression: boolean): DenseState {
  const lines = text.split('\n');
  const sv = lines.indexOf('SV');
  const header = new Map(lines.slice(0, sv).map((l) => [l.split(' ')[0]!, l.split(' ').slice(1).map(Number)] as const));
  const nrClass = header.get('nr_class')![0]!;
  const l = header.get('total_sv')![0]!;
  const d = nFeatures;
  const nCoef = nrClass - 1;
  const SV = new Float64Array(l * d);
  const svCoef = Array.from({ length: nCoef }, () => new Float64Array(l));
  for (let i = 0; i < l; i++) {
    const tokens = lines[sv + 1 + i]!.trimEnd().split(' ');
    for (let c = 0; c < nCoef; c++) svCoef[c]![i] = Number(tokens[c]);
    for (let f = 0; f < d; f++) {
      const t = tokens[nCoef + f]!;
      SV[i * d + f] = Number(t.slice(t.indexOf(':') + 1));
    }
  }
  const dense: DenseModel = {
    nrClass,
    label: regression ? new Int32Array(0) : Int32Array.from(header.get('label')!),
    nSV: regression ? new Int32Array(0) : Int32Array.from(header.get('nr_sv')!),
    SV,
    l,
    d,
    svCoef,
    rho: Float64Array.from(header.get('rho')!),
    ...(header.has('probA') ? { probA: Float64Array.from(header.get('probA')!), probB: Float64Array.from(header.get('probB')!) } : {}),
  };
  return { engine: 'libsvm', gamma: kernel.gamma, kernel, dense };
}
