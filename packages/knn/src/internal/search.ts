/**
 * What the k-NN classifier and regressor share: the fitted search structure, the choice of
 * engine and the neighbour weights.
 */
import { InputError, Matrix, StateReader, importThreadModule, matrixToJSON, type StateContext, type threadBudget } from '@mlcompare/core';
import { bruteKNeighbors, type Metric, type Neighbors } from './brute.js';
import { buildTree, treeKNeighbors, type TreeIndex } from './kdtree.js';
import type * as Threads from './threads.js';

/** The engine a fitted model searches with. */
export type Engine = 'kd-tree' | 'brute';

/** scikit-learn 1.2 uses brute force above this many features (`n_features > 15`). */
const SKLEARN_MAX_TREE_FEATURES = 15;
/** 'auto' uses ml-knn's k-d tree only up to this many features (measured: see README). */
const AUTO_MAX_TREE_FEATURES = 3;
/** …and only from this many training rows (measured: see README). */
const AUTO_MIN_TREE_ROWS = 20_000;

/**
 * Resolves `algorithm: 'auto'`. scikit-learn 1.2 (`NeighborsBase._fit`) takes brute force when
 * there are more than 15 features or `k >= n / 2` (integer division), else its k-d tree. Here
 * the tree is ml-knn's, which is much slower per visited node than scikit-learn's compiled one:
 * measured side by side (benchmarks/perf/knn.ts and the README table), our brute-force scan beat
 * it on all five bundled data sets (4–13 features included: diabetes predict 0.28 ms vs 7.5 ms a
 * fold) and on generated data with 5 or more features at every size up to 50,000 rows; the tree
 * won only with 2–3 features and tens of thousands of rows. So 'auto' keeps scikit-learn's
 * conditions and adds those two measured ones: the tree when `d <= 3`, `n >= 20,000` and
 * `k < n / 2`; brute force otherwise.
 */
export function resolveEngine(algorithm: 'auto' | Engine, nTrain: number, nFeatures: number, k: number): Engine {
  if (algorithm !== 'auto') return algorithm;
  if (nFeatures > SKLEARN_MAX_TREE_FEATURES || k >= Math.floor(nTrain / 2)) return 'brute';
  if (nFeatures > AUTO_MAX_TREE_FEATURES || nTrain < AUTO_MIN_TREE_ROWS) return 'brute';
  return 'kd-tree';
}

/**
 * The smallest search split across threads: training rows × queries × features (multiply-adds of
 * the scan). Below it the workers' hand-off costs more than they save (measured: README, "Speed").
 */
export const MIN_THREADED_WORK = 20_000_000;

/** What of Node's `process` this module reads (typed here: the package builds without Node's types in its public surface). */
interface NodeProcess {
  versions?: { node?: string };
}

/** The thread module (./threads.ts), loaded on first use under Node; null elsewhere (a browser). */
let threadsModule: Promise<typeof Threads | null> | undefined;

function loadThreads(): Promise<typeof Threads | null> {
  threadsModule ??= (async () => {
    const proc = (globalThis as { process?: NodeProcess }).process;
    if (typeof proc?.versions?.node !== 'string') return null;
    // A specifier computed at run time: bundlers for the browser leave the module out. From source
    // in a worker thread (the runner's) core's importThreadModule requires it through tsx's CJS hook.
    const url = new URL(`./threads.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url).href;
    return (await importThreadModule(url, import.meta.url)) as typeof Threads;
  })();
  return threadsModule;
}

/**
 * Fitted neighbour search: the training rows and the engine (the k-d tree is built at fit).
 *
 * Brute force reads `X` at every search, so a search sees the rows as they are then: `fit` keeps
 * a `Matrix` passed in without copying it (see the models' `fit`), and a search that finds a
 * value there that is no longer finite throws instead of ranking it.
 */
export class NeighborSearch {
  #tree: TreeIndex | undefined;
  #backend: Neighbors['backend'] | undefined;
  #threads = 1;

  /**
   * @param X - the training rows (brute force reads them at every search).
   * @param engine - the engine.
   * @param metric - the distance.
   * @param owner - the model's name, for messages (`'KNNClassifier'`).
   */
  constructor(
    readonly X: Matrix,
    readonly engine: Engine,
    readonly metric: Metric,
    readonly owner = 'KNN',
  ) {}

  /** Builds the tree now (at fit time, so that fit pays for it, as scikit-learn's does). */
  prepare(): this {
    if (this.engine === 'kd-tree' && !this.#tree) this.#tree = buildTree(this.X, this.metric);
    return this;
  }

  /**
   * The k nearest training rows of each query, nearest first (ties: lower training index first).
   * When the largest magnitude among the training rows and the queries lies outside
   * [2^-300, 2^300], where squared differences overflow (every distance Infinity, no neighbour
   * found) or underflow (every distance 0), both are searched in units of a power of two near
   * that magnitude (an exact change of unit) by brute force, and the distances converted back.
   * A brute-force search of at least {@link MIN_THREADED_WORK} multiply-adds runs on `nJobs`
   * threads under Node (null: the thread budget, see {@link threadBudget}), with the same result
   * as on one; elsewhere, and for the k-d tree, on the calling thread.
   * @throws {@link InputError} when a training value is no longer finite (the caller changed the
   *   `Matrix` it passed to `fit`).
   */
  async kneighbors(Q: Matrix, k: number, nJobs: number | null): Promise<Neighbors> {
    const f = unitFor(Math.max(this.#trainingMaxAbs(), maxAbs(Q.data)));
    let nb: Neighbors;
    const threads = this.engine === 'brute' && f === 1 && nJobs !== 1 && this.X.rows * Q.rows * Q.cols >= MIN_THREADED_WORK ? await loadThreads() : null;
    const n = threads ? (nJobs ?? threads.defaultThreads()) : 1;
    if (threads && n > 1) {
      nb = await threads.threadedKNeighbors(this.X, Q, k, this.metric, 'auto', n);
    } else if (f !== 1) {
      const r = bruteKNeighbors(scaled(this.X, f), scaled(Q, f), k, this.metric);
      const distances = r.distances;
      for (let i = 0; i < distances.length; i++) distances[i]! /= f;
      nb = r;
    } else {
      nb = this.engine === 'brute' ? bruteKNeighbors(this.X, Q, k, this.metric) : treeKNeighbors(this.prepare().#tree!, Q, k, this.metric);
    }
    this.#backend = nb.backend;
    this.#threads = nb.threads;
    return nb;
  }

  /**
   * The largest |value| of the training rows, read now (a pass over X, a fraction of what the
   * search reads), so that a change the caller made to X after fit is seen whole.
   * @throws {@link InputError} naming the first value that is not finite.
   */
  #trainingMaxAbs(): number {
    const data = this.X.data;
    let m = 0;
    let finite = true;
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i]!);
      if (a > m) m = a;
      else if (a !== a) finite = false;
    }
    if (finite && m !== Infinity) return m;
    let i = 0;
    while (Number.isFinite(data[i]!)) i++;
    const c = this.X.cols;
    throw new InputError(
      `Argument 'X' passed to '${this.owner}.fit' must stay unchanged while the model is used, but X[${Math.floor(i / c)}][${i % c}] is ${data[i]} now ` +
        '(it was finite at fit). fit keeps a Matrix passed to it without copying it, as scikit-learn keeps a float64 array: pass X.clone() to keep using X.',
    );
  }

  /**
   * What ran the last search: `'wasm-simd'` (the brute-force scan's WebAssembly SIMD kernel) or
   * `'js'` (its JavaScript fallback, or ml-knn's tree); `'js'` before the first search (fit
   * only copies the rows and, for the tree, builds it in JavaScript).
   */
  get backend(): Neighbors['backend'] {
    return this.#backend ?? 'js';
  }

  /** Threads that searched at least one query in the last search (1 before the first). */
  get threads(): number {
    return this.#threads;
  }

  toJSON(): unknown {
    return { engine: this.engine, metric: this.metric, X: matrixToJSON(this.X) };
  }

  /**
   * Reads {@link NeighborSearch.toJSON}'s output and checks it against the parameters and the
   * number of features: `metric` is the parameter's, `engine` the one `algorithm` resolves to on
   * these rows, `X` has one column per feature, at least `nNeighbors` rows and finite values.
   * @param r - the reader of the model's state (the search is its field `search`).
   * @param ctx - the validated number of features.
   * @param p - the model's parameters.
   * @throws {@link SerializationError} naming the field.
   */
  static fromJSON(r: StateReader, ctx: StateContext, p: { nNeighbors: number; algorithm: 'auto' | Engine; metric: Metric }): NeighborSearch {
    const s = r.object('search');
    const metric = s.oneOf('metric', [p.metric] as const, 'params.metric');
    const X = s.matrix('X', { minRows: p.nNeighbors, cols: ctx.nFeatures, colsWhy: `one per feature: state.nFeatures is ${ctx.nFeatures}` });
    const engine = resolveEngine(p.algorithm, X.rows, X.cols, p.nNeighbors);
    s.oneOf('engine', [engine] as const, p.algorithm === 'auto' ? `what algorithm 'auto' resolves to for ${X.rows} rows of ${X.cols} features and nNeighbors ${p.nNeighbors}` : 'params.algorithm');
    s.done();
    return new NeighborSearch(X, engine, metric, ctx.owner);
  }
}

/** Largest absolute value of `data` (0 when empty). */
function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(data[i]!);
    if (a > m) m = a;
  }
  return m;
}

/**
 * 1 when squared differences of values up to `big` neither overflow nor underflow (big in
 * [2^-300, 2^300], or 0); otherwise the power of two that brings `big` into [1, 2) (clamped to
 * 2^±1000 so that it is finite).
 */
function unitFor(big: number): number {
  if (big === 0 || (big >= 2 ** -300 && big <= 2 ** 300)) return 1;
  const e = Math.min(1000, Math.max(-1000, Math.floor(Math.log2(big))));
  return 2 ** -e;
}

/** `X · f` (exact for a power of two f, save values that underflow next to the largest). */
function scaled(X: Matrix, f: number): Matrix {
  const out = new Float64Array(X.data.length);
  for (let i = 0; i < out.length; i++) out[i] = X.data[i]! * f;
  return new Matrix(out, X.rows, X.cols);
}

/**
 * The fit of both k-NN models: checks there are at least `nNeighbors` rows, resolves the engine
 * and builds the search over X. Brute force keeps X as it is (no copy: core's `fit` hands over a
 * `Matrix` passed in, as scikit-learn keeps a float64 array); the k-d tree takes a copy, since
 * the tree it builds at fit holds the rows of that moment (the search and its `toJSON` then agree).
 */
export function fitSearch(
  owner: string,
  p: { nNeighbors: number; algorithm: 'auto' | Engine; metric: Metric },
  X: Matrix,
): NeighborSearch {
  checkEnoughRows(owner, p.nNeighbors, X.rows);
  const engine = resolveEngine(p.algorithm, X.rows, X.cols, p.nNeighbors);
  return new NeighborSearch(engine === 'kd-tree' ? X.clone() : X, engine, p.metric, owner).prepare();
}

/** Checks that there are at least k training rows (scikit-learn: "Expected n_neighbors <= n_samples_fit"). */
function checkEnoughRows(owner: string, k: number, nTrain: number): void {
  if (k > nTrain) {
    throw new InputError(
      `Argument 'X' passed to '${owner}.fit' must have at least nNeighbors = ${k} rows, but got ${nTrain}. Lower nNeighbors or pass more samples.`,
    );
  }
}

/**
 * Weights of the neighbours of query `i` into `out` (length k).
 * `'uniform'`: all 1. `'distance'`: 1 / distance; when any neighbour is at distance 0 those
 * neighbours get weight 1 and the others 0 (scikit-learn 1.2, `neighbors._base._get_weights`);
 * when 1 / distance overflows (subnormal distances), nearest distance / distance, the same weights
 * up to a common factor.
 */
export function neighborWeights(nb: Neighbors, i: number, weights: 'uniform' | 'distance', out: Float64Array): void {
  const k = nb.k;
  if (weights === 'uniform') {
    out.fill(1);
    return;
  }
  let zero = false;
  for (let j = 0; j < k; j++) if (nb.distances[i * k + j] === 0) zero = true;
  let finite = true;
  for (let j = 0; j < k; j++) {
    const dist = nb.distances[i * k + j]!;
    out[j] = zero ? (dist === 0 ? 1 : 0) : 1 / dist;
    if (out[j] === Infinity) finite = false;
  }
  // 1 / a subnormal distance overflows: the weights only count relative to each other, so use
  // nearest / distance instead (the neighbours are sorted, the nearest first).
  if (!finite) {
    const nearest = nb.distances[i * k]!;
    for (let j = 0; j < k; j++) out[j] = nearest / nb.distances[i * k + j]!;
  }
}
