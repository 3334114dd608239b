/**
 * Loading libsvm-js 0.2.1 (libsvm compiled to WebAssembly), reading its models exactly, and the
 * train / predict / free / save steps SVC and SVR share.
 *
 * - Loading: the package's main export is a Promise of the SVM class. Its emscripten glue tries
 *   `fetch()` first (global since Node 18), which fails on a file path and prints "wasm streaming
 *   compile failed … falling back to ArrayBuffer instantiation"; we hide `globalThis.fetch` while
 *   the module is required, so it takes the ArrayBuffer path directly.
 * - Exact serialisation: libsvm's `svm_save_model` (behind `serializeModel()`) prints gamma, rho
 *   and probA/probB with `%g` (6 significant digits) and support-vector values with `%.8g`, so a
 *   reloaded model predicts slightly differently (SVR: about 1e-5 relative). We rewrite those
 *   numbers from the model in the WASM heap (`struct svm_model`) at full precision before
 *   `SVM.load` parses them back.
 * - Precomputed kernel: for multi-class problems with enough features (see {@link precomputeKernel})
 *   the kernel matrix is built with core's SIMD dot products and libsvm trains on it; prediction
 *   builds kernel rows against the support vectors, and the saved text is that of the same model
 *   with the kernel itself (so a restored model predicts from features, as any other).
 */
import { createRequire } from 'node:module';
import { FitError, SerializationError, formatValue, type Convergence, type Matrix } from '@mlcompare/core';
import type { LibsvmClass, LibsvmModel, LibsvmOptions } from 'libsvm-js';
import { forEachKernelRow, gramRows, kernelLines, rowSquares, type KernelParams, type PrecomputedSupport } from './kernel.js';

const require = createRequire(import.meta.url);

/** The emscripten module object behind libsvm-js (its heap views and its loader). */
interface EmscriptenModule {
  HEAP32: Int32Array;
  HEAPF64: Float64Array;
  load(): Promise<void>;
}

/** One libsvm WASM instance: the SVM class and the module whose heap holds its models. */
export interface Libsvm {
  readonly SVM: LibsvmClass;
  readonly module: EmscriptenModule;
}

function withoutFetch<T>(fn: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (saved) delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return fn();
  } finally {
    if (saved) Object.defineProperty(globalThis, 'fetch', saved);
  }
}

let shared: Promise<Libsvm> | undefined;
/** The instance `shared` resolved to (to tell whether a trapped instance is the shared one). */
let sharedNow: Libsvm | undefined;

/**
 * The process-wide libsvm-js instance (loaded once, ≈30–40 ms; again, fresh, after a trap: see
 * {@link retireAfterTrap}).
 */
export function sharedLibsvm(): Promise<Libsvm> {
  shared ??= (async () => {
    const SVM = await withoutFetch(() => require('libsvm-js') as Promise<LibsvmClass>);
    // libsvm-js's wasm.js requires this same file, so this is the module object it uses.
    const module = require('libsvm-js/out/wasm/libsvm.js') as EmscriptenModule;
    sharedNow = { SVM, module };
    return sharedNow;
  })();
  return shared;
}

/** Whether `err` is a WebAssembly trap (out-of-bounds access, stack overflow, `unreachable`). */
function isTrap(err: unknown): boolean {
  // The tsconfig has no WebAssembly types: reach the constructor through globalThis.
  const RuntimeError = (globalThis as { WebAssembly?: { RuntimeError?: abstract new () => Error } }).WebAssembly?.RuntimeError;
  return (RuntimeError !== undefined && err instanceof RuntimeError) || (err instanceof Error && /memory access out of bounds|unreachable|call stack exhausted|abort\(/i.test(err.message));
}

/**
 * After a trap, an emscripten instance's heap and stack pointer are no longer trustworthy: every
 * later call into it may fail ("memory access out of bounds" on a plain 4-row fit). When `lib`
 * is the shared instance, later fits get a fresh one (models already fitted keep theirs).
 * @returns whether `lib` was the shared instance.
 */
function retireAfterTrap(lib: Libsvm): boolean {
  if (sharedNow !== lib) return false;
  sharedNow = undefined;
  shared = (async () => {
    sharedNow = await freshLibsvm();
    return sharedNow;
  })();
  return true;
}

/**
 * A new, private libsvm-js instance. libsvm's probability training (`-b 1`) shuffles its internal
 * cross-validation folds with C's `rand()`, which libsvm-js neither seeds nor exposes; in the
 * shared instance its state carries over from every earlier fit, so the same data would give
 * different probabilities. A fresh instance starts `rand()` from the same state every time.
 */
export async function freshLibsvm(): Promise<Libsvm> {
  const path = require.resolve('libsvm-js/out/wasm/libsvm.js');
  const cached = require.cache[path];
  delete require.cache[path];
  // The emscripten glue adds process listeners ('uncaughtException', 'unhandledRejection') each
  // time it is evaluated; keep only the first instance's, or every probability fit adds two.
  const events = ['uncaughtException', 'unhandledRejection'];
  const before = events.map((e) => process.listeners(e as 'uncaughtException'));
  try {
    const module = withoutFetch(() => require(path) as EmscriptenModule);
    events.forEach((e, i) => {
      for (const l of process.listeners(e as 'uncaughtException')) {
        if (!before[i]!.includes(l)) process.removeListener(e as 'uncaughtException', l);
      }
    });
    await module.load();
    const loadSVM = require('libsvm-js/src/loadSVM.js') as (m: EmscriptenModule) => LibsvmClass;
    return { SVM: loadSVM(module), module };
  } finally {
    if (cached) require.cache[path] = cached;
    else delete require.cache[path];
  }
}

// Offsets in libsvm 3.x's `struct svm_model` on wasm32: `struct svm_parameter param` (96 bytes:
// svm_type, kernel_type, degree, pad, gamma @16, coef0 @24, …), then nr_class @96, l @100,
// SV @104, sv_coef @108, rho @112, probA @116, probB @120.
const OFF = { gamma: 16, coef0: 24, nrClass: 96, l: 100, SV: 104, svCoef: 108, rho: 112, probA: 116, probB: 120 } as const;

/**
 * libsvm's model text with every number at full precision (see the module comment).
 * @param expectedGamma - the gamma the model was trained with; when the heap disagrees (an
 *   unexpected struct layout) the text is returned as libsvm printed it.
 * @param pre - for a model trained on a precomputed kernel: its support vectors; the text is then
 *   that of the same model with the kernel itself (kernel type and coefficients, and each support
 *   vector's features instead of its serial number), which libsvm predicts with directly.
 */
function exactModelText(lib: Libsvm, svm: LibsvmModel, expectedGamma: number, pre?: PrecomputedSupport): { text: string; exact: boolean } {
  const text = svm.serializeModel();
  const ptr = svm.model;
  const H32 = lib.module.HEAP32;
  const F64 = lib.module.HEAPF64;
  if (ptr === null || F64[(ptr + OFF.gamma) >> 3] !== expectedGamma) return { text, exact: false };
  const nrClass = H32[(ptr + OFF.nrClass) >> 2]!;
  const l = H32[(ptr + OFF.l) >> 2]!;
  const nPairs = (nrClass * (nrClass - 1)) / 2;
  const doubles = (p: number, n: number): string[] => Array.from(F64.subarray(p >> 3, (p >> 3) + n), (v) => String(v));
  const header: string[] = [];
  for (const line of text.split('\n')) {
    if (line === 'SV') break;
    const key = line.split(' ')[0]!;
    if (pre && key === 'kernel_type') header.push(...kernelLines(pre.params));
    else if (key === 'gamma') header.push(`gamma ${String(F64[(ptr + OFF.gamma) >> 3])}`);
    else if (key === 'coef0') header.push(`coef0 ${String(F64[(ptr + OFF.coef0) >> 3])}`);
    else if (key === 'rho') header.push(`rho ${doubles(H32[(ptr + OFF.rho) >> 2]!, nPairs).join(' ')}`);
    else if (key === 'probA') header.push(`probA ${doubles(H32[(ptr + OFF.probA) >> 2]!, nPairs).join(' ')}`);
    else if (key === 'probB') header.push(`probB ${doubles(H32[(ptr + OFF.probB) >> 2]!, nPairs).join(' ')}`);
    else header.push(line);
  }
  const svPtr = H32[(ptr + OFF.SV) >> 2]!;
  const coefPtr = H32[(ptr + OFF.svCoef) >> 2]!;
  const coefRows: number[] = [];
  for (let j = 0; j < nrClass - 1; j++) coefRows.push(H32[(coefPtr >> 2) + j]!);
  const svRow = new Map<number, number>();
  if (pre) pre.serial.forEach((serial, j) => svRow.set(serial, j));
  const body: string[] = [];
  for (let i = 0; i < l; i++) {
    const parts = coefRows.map((row) => String(F64[(row >> 3) + i]));
    // struct svm_node { int index; double value; }: 16 bytes, the list ends with index -1.
    const first = H32[(svPtr >> 2) + i]!;
    if (pre) {
      // A precomputed-kernel support vector is its training row's serial number (node 0).
      const j = svRow.get(F64[(first + 8) >> 3]!)!;
      for (let f = 0; f < pre.d; f++) parts.push(`${f + 1}:${String(pre.sv[j * pre.d + f])}`);
    } else {
      for (let p = first; H32[p >> 2] !== -1; p += 16) parts.push(`${H32[p >> 2]}:${String(F64[(p + 8) >> 3])}`);
    }
    body.push(parts.join(' ') + ' ');
  }
  return { text: `${header.join('\n')}\nSV\n${body.join('\n')}\n`, exact: true };
}

/**
 * Makes `seed` choose libsvm's `rand()` stream in a fresh instance: a 2-fold cross-validation on
 * a throw-away regression problem of `2 + seed % 1000` rows draws exactly that many `rand()`
 * values (libsvm shuffles the rows once), so the later probability folds differ by seed.
 */
export function advanceRand(lib: Libsvm, seed: number): void {
  const n = 2 + (seed % 1000);
  const rows = Array.from({ length: n }, (_, i) => [i]);
  const svm = new lib.SVM({ type: lib.SVM.SVM_TYPES.EPSILON_SVR, kernel: lib.SVM.KERNEL_TYPES.LINEAR, quiet: true });
  (svm as unknown as { crossValidation(x: number[][], y: number[], k: number): number[] }).crossValidation(rows, new Array<number>(n).fill(0), 2);
}

/**
 * @internal A libsvm-js model of SVC or SVR: trained (in `lib`'s heap) or restored from JSON
 * (loaded on first use). Engine 'libsvm' uses it too for fits with probability estimates.
 */
export interface LibsvmState {
  engine: 'libsvm-js' | 'libsvm';
  gamma: number;
  /** How libsvm's solver ended in the fit (not kept in the model file: undefined for a restored model). */
  convergence?: Convergence;
  lib?: Libsvm;
  svm?: LibsvmModel;
  /** The exact model text (restored models; trained ones compute it on toJSON). */
  text?: string;
  /** Set when trained on a precomputed kernel: what predicting needs to build kernel rows. */
  pre?: PrecomputedSupport;
}

/**
 * Largest training set trained on a precomputed kernel: libsvm-js holds it as n × (n + 2) nodes of
 * 16 bytes in its heap (which never shrinks again), 64 MB at 2,000 rows.
 */
const PRECOMPUTED_MAX_ROWS = 2000;

/**
 * Whether {@link trainLibsvm} should precompute the kernel for a classifier on n rows of d
 * features and k classes. libsvm-js's own kernel costs about d per value and its one-vs-one
 * sub-problems evaluate the kernel again for each pair of classes, while the precomputed matrix
 * costs n² once (plus copying it into the heap). Measured (fit time, precomputed ÷ native, C 1,
 * rbf, gamma 'scale'; generated data with makeClassification and the bundled data sets):
 * d·(k − 1) ≥ 32 gave 0.3–0.9 (digits 0.67–0.75, 3 classes × 16 features 0.76–0.90, 2 × 64
 * 0.41–0.48), below it 1.1–1.8 (breast_cancer 2 × 30: 1.5–1.8, wine 3 × 13: 1.6, 2 × 16: 1.1–1.2).
 */
export function precomputeKernel(n: number, d: number, nClasses: number): boolean {
  return n <= PRECOMPUTED_MAX_ROWS && d * (nClasses - 1) >= 32;
}

/**
 * Trains a libsvm-js model on the rows of X in `lib`'s heap; on failure frees it again. With
 * `precompute`, the kernel matrix is built here (see kernel.ts) and libsvm trains on it
 * (kernel type PRECOMPUTED): the same problem, so the same model up to rounding in the kernel
 * values; the state then keeps the support vectors to build kernel rows for prediction.
 * @throws {@link @mlcompare/core!FitError | FitError} naming `owner`'s fit when libsvm-js throws.
 */
export function trainLibsvm(
  lib: Libsvm,
  options: LibsvmOptions,
  X: Matrix,
  y: ArrayLike<number>,
  owner: string,
  precompute?: KernelParams,
): { svm: LibsvmModel; convergence?: Convergence; pre?: PrecomputedSupport } {
  // Not quiet: libsvm's own lines ("optimization finished, #iter = N", "WARNING: reaching max
  // number of iterations") are collected while it trains, never printed.
  const svm = new lib.SVM({ ...options, ...(precompute ? { kernel: lib.SVM.KERNEL_TYPES.PRECOMPUTED } : {}), quiet: false });
  // Rows as views: libsvm-js copies each row into the WASM heap itself.
  const rows = precompute ? gramRows(X, precompute) : Array.from({ length: X.rows }, (_, i) => X.row(i));
  const out = lib.module as unknown as { print?: (line: string) => void; printErr?: (line: string) => void };
  const saved = { print: out.print, printErr: out.printErr };
  const lines: string[] = [];
  out.print = out.printErr = (line: string) => lines.push(line);
  try {
    svm.train(rows, y);
  } catch (err) {
    const trap = isTrap(err);
    if (trap) retireAfterTrap(lib);
    else svm.free();
    throw new FitError(
      `${owner}.fit failed in libsvm-js: ${formatValue((err as Error).message ?? err)}${trap ? ' (a WebAssembly trap: that libsvm instance is discarded, and later fits start a fresh one)' : ''}.`,
      { cause: err },
    );
  } finally {
    out.print = saved.print;
    out.printErr = saved.printErr;
  }
  const convergence = libsvmConvergence(lines, options.type === lib.SVM.SVM_TYPES.EPSILON_SVR ? 2 * X.rows : X.rows);
  if (!precompute) return { svm, convergence };
  const serial = Int32Array.from(svm.getSVIndices(), (i) => i + 1);
  const d = X.cols;
  const sv = new Float64Array(serial.length * d);
  serial.forEach((s, j) => sv.set(X.data.subarray((s - 1) * d, s * d), j * d));
  const svSquares = rowSquares(sv, serial.length, d);
  return { svm, convergence, pre: { params: precompute, sv, svSquares, serial, nTrain: X.rows, d } };
}

/**
 * How libsvm's solver ended, from the lines it printed while training: the most iterations of its
 * solver runs (one per pair of classes, more for the probability fit), and `converged: false` when
 * one printed "WARNING: reaching max number of iterations". libsvm's limit is built in, not a
 * parameter: max(10⁷, 100 × the variables of the problem), the variables being the rows (SVC) or
 * twice the rows (SVR). scikit-learn's `max_iter=-1` default has no other limit either.
 * @param lines - what libsvm printed during one `train`.
 * @param variables - the size of the largest problem solved.
 * @returns the convergence, or undefined when libsvm printed no iteration count.
 */
export function libsvmConvergence(lines: readonly string[], variables: number): Convergence | undefined {
  let iterations: number | undefined;
  let reached = false;
  for (const line of lines) {
    const m = /#iter = (\d+)/.exec(line);
    if (m) iterations = Math.max(iterations ?? 0, Number(m[1]));
    if (line.includes('reaching max number of iterations')) reached = true;
  }
  if (iterations === undefined) return undefined;
  return { converged: !reached, iterations, limit: Math.max(10_000_000, Math.min(100 * variables, 2147483647)) };
}

/** Loads a restored libsvm-js model into the shared instance on first use. */
export async function ensureLibsvm(s: LibsvmState): Promise<LibsvmModel> {
  if (!s.svm) {
    s.lib = await sharedLibsvm();
    s.svm = s.lib.SVM.load(s.text!);
  }
  return s.svm;
}

/** libsvm's prediction for each row of X (a class code for SVC, a value for SVR). */
export async function predictLibsvm(s: LibsvmState, X: Matrix): Promise<Float64Array> {
  const svm = await ensureLibsvm(s);
  const out = new Float64Array(X.rows);
  if (s.pre) forEachKernelRow(X, s.pre, (i, row) => (out[i] = svm.predictOne(row)));
  else for (let i = 0; i < X.rows; i++) out[i] = svm.predictOne(X.row(i));
  return out;
}

/** Frees the model in the WASM heap (dispose and refit); a restored model not yet loaded holds nothing. */
export function releaseLibsvm(s: LibsvmState): void {
  if (s.svm) {
    s.svm.free();
    s.svm = undefined;
    s.lib = undefined;
    s.pre = undefined;
  }
}

/** Exact libsvm model text of a libsvm-js state (see {@link exactModelText}). */
export function libsvmText(s: LibsvmState): string {
  if (s.text !== undefined) return s.text;
  const { text, exact } = exactModelText(s.lib!, s.svm!, s.gamma, s.pre);
  if (s.pre && !exact) {
    throw new SerializationError('libsvmText: a model trained on a precomputed kernel needs its support vectors from the WASM heap, whose layout is not the expected one (gamma differs).');
  }
  return text;
}
