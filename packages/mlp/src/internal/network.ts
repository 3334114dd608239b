/**
 * The multilayer perceptron itself: scikit-learn's initialisation, and a training loop written
 * for few kernel launches per step (TensorFlow.js's cost for a small network is per operation,
 * not arithmetic):
 *
 * - all parameters live in ONE flat tensor θ = [W₀, b₀, W₁, b₁, …] (row-major W), so the
 *   optimiser updates every layer with one set of ~12 element-wise ops instead of one set per
 *   weight tensor;
 * - the forward pass uses fused matMul + bias + activation kernels;
 * - gradients are computed by hand (backpropagation as in scikit-learn's `_backprop`), with no
 *   gradient tape; each layer's weight and bias gradients come out of ONE matMul, [aᵀ; 1]·δ,
 *   already in θ's layout;
 * - on wasm the kernels run without the engine's per-kernel bookkeeping (see `kernels.ts`);
 * - rows are shuffled on the host and each batch uploaded directly; when one batch holds every
 *   row (iris, wine: `batchSize: 'auto'` = n) the data stays on the device for the whole fit
 *   and is not shuffled (a full batch's loss and gradient do not depend on the row order);
 * - each batch's loss terms stay on the device and are read synchronously, without an await,
 *   once per epoch; nothing is allocated per epoch besides the batches' tensors.
 *
 * The maths follows scikit-learn 1.2.1's `BaseMultilayerPerceptron` (`_init_coef`, `_backprop`,
 * `_fit_stochastic`, `_update_no_improvement_count`) and `_stochastic_optimizers`.
 */
import { FitError, MAX_ITER_REACHED, type Rng, type TrainingHistory } from '@mlcompare/core';
import { reassertBackend, type Tf, type TfBackendName } from '../backend.js';
import { Kernels, type FusedActivation, type Handle } from './kernels.js';

/** Hidden-layer activation (scikit-learn's names). */
export type Activation = 'relu' | 'tanh' | 'logistic' | 'identity';

/** Output layer and loss: softmax + cross-entropy, sigmoid + binary cross-entropy, linear + squared error / 2. */
export type OutputKind = 'softmax' | 'logistic' | 'identity';

/** Learned weights, on the host: `coefs[i]` is row-major `[layerSizes[i], layerSizes[i+1]]`. */
export interface NetworkWeights {
  layerSizes: number[];
  coefs: Float32Array[];
  intercepts: Float32Array[];
}

/** Everything the training loop needs besides the data. */
export interface TrainConfig {
  activation: Activation;
  output: OutputKind;
  solver: 'adam' | 'sgd';
  alpha: number;
  /** Resolved batch size (1 ≤ batchSize ≤ n). */
  batchSize: number;
  learningRateInit: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  momentum: number;
  nesterovsMomentum: boolean;
  maxIter: number;
  tol: number;
  nIterNoChange: number;
  shuffle: boolean;
}

/** Training data as float32, row-major. `Y` holds the network's targets (one-hot, 0/1 or values). */
export interface TrainData {
  X: Float32Array;
  Y: Float32Array;
  n: number;
  d: number;
  /** Held-out data for early stopping, and how to score the network's outputs on it (higher is better). */
  validation?: { X: Float32Array; n: number; score: (outputs: Float32Array) => number };
}

/** Result of {@link trainNetwork}. */
export interface TrainResult {
  weights: NetworkWeights;
  history: TrainingHistory;
}

/**
 * scikit-learn's `_init_coef`: Glorot uniform, U(±√(factor / (fan_in + fan_out))) with factor 6
 * (2 for the logistic activation), for the weights and the biases alike; drawn from `rng` layer
 * by layer, weights (row-major) then biases, as scikit-learn draws them.
 */
export function initWeights(layerSizes: readonly number[], activation: Activation, rng: Rng): NetworkWeights {
  const factor = activation === 'logistic' ? 2 : 6;
  const coefs: Float32Array[] = [];
  const intercepts: Float32Array[] = [];
  for (let i = 0; i + 1 < layerSizes.length; i++) {
    const fanIn = layerSizes[i]!;
    const fanOut = layerSizes[i + 1]!;
    const bound = Math.sqrt(factor / (fanIn + fanOut));
    const W = new Float32Array(fanIn * fanOut);
    for (let j = 0; j < W.length; j++) W[j] = rng.uniform(-bound, bound);
    const b = new Float32Array(fanOut);
    for (let j = 0; j < fanOut; j++) b[j] = rng.uniform(-bound, bound);
    coefs.push(W);
    intercepts.push(b);
  }
  return { layerSizes: [...layerSizes], coefs, intercepts };
}

/** Where each layer's weights and biases sit in the flat parameter vector. */
interface Layout {
  sizes: number[];
  wOff: number[];
  bOff: number[];
  total: number;
}

function layoutOf(sizes: readonly number[]): Layout {
  const wOff: number[] = [];
  const bOff: number[] = [];
  let off = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    wOff.push(off);
    off += sizes[i]! * sizes[i + 1]!;
    bOff.push(off);
    off += sizes[i + 1]!;
  }
  return { sizes: [...sizes], wOff, bOff, total: off };
}

/** Rows of a row-major float32 matrix with `d` columns. */
export function takeRows(X: Float32Array, d: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * d);
  for (let i = 0, o = 0; i < rows.length; i++) {
    const r = rows[i]! * d;
    for (let j = 0; j < d; j++) out[o++] = X[r + j]!;
  }
  return out;
}

function flatten(w: NetworkWeights, lay: Layout): Float32Array {
  const out = new Float32Array(lay.total);
  for (let i = 0; i < w.coefs.length; i++) {
    out.set(w.coefs[i]!, lay.wOff[i]!);
    out.set(w.intercepts[i]!, lay.bOff[i]!);
  }
  return out;
}

function unflatten(flat: Float32Array, lay: Layout): NetworkWeights {
  const coefs: Float32Array[] = [];
  const intercepts: Float32Array[] = [];
  for (let i = 0; i + 1 < lay.sizes.length; i++) {
    const nIn = lay.sizes[i]!;
    const nOut = lay.sizes[i + 1]!;
    coefs.push(flat.slice(lay.wOff[i]!, lay.wOff[i]! + nIn * nOut));
    intercepts.push(flat.slice(lay.bOff[i]!, lay.bOff[i]! + nOut));
  }
  return { layerSizes: [...lay.sizes], coefs, intercepts };
}

function fusedHidden(a: Activation): FusedActivation {
  return a === 'relu' ? 'relu' : a === 'logistic' ? 'sigmoid' : 'linear';
}

/**
 * Sizes of the pieces of θ, in order W₀, b₀, W₁, b₁, …; with `fuseFirst`, [W₀; b₀] is one piece
 * (a `(d + 1) × out` matrix applied to the inputs with a column of ones).
 */
function pieceSizes(lay: Layout, fuseFirst: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < lay.sizes.length; i++) {
    const nIn = lay.sizes[i]!;
    const nOut = lay.sizes[i + 1]!;
    if (i === 0 && fuseFirst) out.push((nIn + 1) * nOut);
    else out.push(nIn * nOut, nOut);
  }
  return out;
}

/**
 * The layers' weights (`[1, in, out]`) and biases (`[out]`) cut from θ: one split, and one reshape
 * per layer. With `fuseFirst` the first layer's weights are [W₀; b₀] (`[1, in + 1, out]`) and its
 * bias is undefined.
 */
function layerViews(K: Kernels, theta: Handle, lay: Layout, pieces: number[], fuseFirst: boolean): { W: Handle[]; b: (Handle | undefined)[] } {
  const parts = K.split(theta, pieces);
  const W: Handle[] = [];
  const b: (Handle | undefined)[] = [];
  for (let i = 0, j = 0; i + 1 < lay.sizes.length; i++) {
    if (i === 0 && fuseFirst) {
      W.push(K.reshape(parts[j++]!, [1, lay.sizes[0]! + 1, lay.sizes[1]!]));
      b.push(undefined);
    } else {
      W.push(K.reshape(parts[j++]!, [1, lay.sizes[i]!, lay.sizes[i + 1]!]));
      b.push(parts[j++]!);
    }
  }
  return { W, b };
}

/**
 * Forward pass on `[1, rows, d]` (`[1, rows, d + 1]` with a last column of ones when the first
 * layer's bias is folded into its weights); returns every layer's activation (input first,
 * output probabilities/values last).
 */
function forward(K: Kernels, x: Handle, W: Handle[], b: (Handle | undefined)[], activation: Activation, output: OutputKind): Handle[] {
  const acts: Handle[] = [x];
  const L = W.length;
  const hiddenFused = fusedHidden(activation);
  for (let i = 0; i < L; i++) {
    const last = i === L - 1;
    const act: FusedActivation = last ? (output === 'logistic' ? 'sigmoid' : 'linear') : hiddenFused;
    let z = K.matMul(acts[i]!, W[i]!, b[i], act);
    if (!last && activation === 'tanh') z = K.tanh(z);
    if (last && output === 'softmax') z = K.softmax(z);
    acts.push(z);
  }
  return acts;
}

/** δ ← δ · f′ expressed through the activation a = f(z), as scikit-learn's `inplace_*_derivative`. */
function derivative(K: Kernels, one: Handle, delta: Handle, a: Handle, activation: Activation): Handle {
  switch (activation) {
    case 'relu':
      return K.mul(delta, K.step(a));
    case 'logistic':
      return K.mul(delta, K.mul(a, K.sub(one, a)));
    case 'tanh':
      return K.mul(delta, K.sub(one, K.square(a)));
    case 'identity':
      return delta;
  }
}

// float32 machine epsilon: scikit-learn clips probabilities to [eps, 1 - eps] of the data's dtype.
const EPS32 = 1.1920928955078125e-7;

/**
 * The per-batch loss term that {@link trainNetwork} records (a sum over the batch, not a mean):
 * Σ y·log p (softmax), Σ log q with q the probability of the true class (logistic), Σ (p − y)² (identity).
 */
function batchLossSum(K: Kernels, one: Handle, p: Handle, y: Handle, diff: Handle, output: OutputKind): Handle {
  switch (output) {
    case 'softmax':
      return K.sumAll(K.mul(y, K.log(K.clip(p, EPS32, 1 - EPS32))));
    case 'logistic':
      // y ∈ {0, 1}: the true class's probability is 1 − |p − y|.
      return K.sumAll(K.log(K.clip(K.sub(one, K.abs(diff)), EPS32, 1 - EPS32)));
    case 'identity':
      return K.sumAll(K.square(diff));
  }
}

/** How {@link gatherRows} lays out the rows it copies. */
type RowLayout = 'rows' | 'rowsOnes' | 'transposedOnes';

/**
 * Writes rows `rows[start..start + nb)` (or `start..start + nb` without `rows`) of a row-major
 * matrix with `d` columns into `dst` from index `at`: as they are (`'rows'`, `nb × d`), with a
 * last column of ones (`'rowsOnes'`, `nb × (d + 1)`), or transposed with a last row of ones
 * (`'transposedOnes'`, `(d + 1) × nb`) — the two forms of the first layer's gradient operand.
 */
function gatherRows(
  X: Float32Array,
  d: number,
  rows: Int32Array | undefined,
  start: number,
  nb: number,
  layout: RowLayout,
  dst: Float32Array<ArrayBufferLike>,
  at: number,
): void {
  if (layout === 'transposedOnes') {
    for (let i = 0; i < nb; i++) {
      const r = (rows ? rows[start + i]! : start + i) * d;
      for (let j = 0, o = at + i; j < d; j++, o += nb) dst[o] = X[r + j]!;
    }
    dst.fill(1, at + d * nb, at + (d + 1) * nb);
    return;
  }
  const w = layout === 'rowsOnes' ? d + 1 : d;
  if (!rows && w === d) {
    dst.set(X.subarray(start * d, (start + nb) * d), at);
    return;
  }
  for (let i = 0; i < nb; i++) {
    const r = (rows ? rows[start + i]! : start + i) * d;
    const o = at + i * w;
    if (d >= 16) dst.set(X.subarray(r, r + d), o);
    else for (let j = 0; j < d; j++) dst[o + j] = X[r + j]!;
    if (w > d) dst[o + d] = 1;
  }
}

/** How long a fit runs between two yields to the event loop (timers, I/O, signals). */
const YIELD_EVERY_MS = 100;

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/** A batch's loss terms, left on the device until the end of the epoch. */
interface BatchLoss {
  data: Handle;
  l2: Handle | undefined;
  nb: number;
}

/**
 * Trains the network with mini-batch Adam or SGD, scikit-learn style: `maxIter` epochs at most,
 * stopping when the training loss (or, with early stopping, the validation score) has not
 * improved by `tol` for more than `nIterNoChange` consecutive epochs.
 *
 * Each epoch's loss is read synchronously (on wasm a read from the WebAssembly heap); the loop
 * awaits nothing per epoch and yields to the event loop only once every {@link YIELD_EVERY_MS} ms.
 *
 * @param tf - the tfjs namespace, with `backend` active.
 * @param init - initial weights (from {@link initWeights}).
 * @param rng - source of the per-epoch shuffles.
 * @throws {@link @mlcompare/core!FitError | FitError} when the loss becomes NaN or infinite.
 */
export async function trainNetwork(
  tf: Tf,
  backend: TfBackendName,
  init: NetworkWeights,
  data: TrainData,
  cfg: TrainConfig,
  rng: Rng,
  owner: string,
): Promise<TrainResult> {
  const lay = layoutOf(init.layerSizes);
  const L = lay.sizes.length - 1;
  const k = lay.sizes[L]!;
  const { n, d } = data;
  const bs = cfg.batchSize;
  const nBatches = Math.ceil(n / bs);
  const lastBs = n - (nBatches - 1) * bs;
  const sizes = nBatches === 1 || lastBs === bs ? [bs] : [bs, lastBs];

  reassertBackend(tf, backend);
  const K = new Kernels(tf, backend);
  const owned: Handle[] = [];
  const own = (t: Handle): Handle => {
    owned.push(t);
    return t;
  };
  const pending: BatchLoss[] = [];
  let best: Handle | undefined; // best θ so far (early stopping); never freed by a step
  const st = { theta: undefined as Handle | undefined, m: undefined as Handle | undefined, v: undefined as Handle | undefined, t: 0 };
  try {
    const one = own(K.scalar(1));
    const invN = new Map(sizes.map((s) => [s, own(K.scalar(1 / s))]));
    // L2 as scikit-learn: loss += α/(2n)·‖W‖², gradient += α/n·W (weights only, not biases): one
    // mask per batch size holding α/n on the weights and 0 on the biases.
    let maskN: Map<number, Handle> | undefined;
    if (cfg.alpha > 0) {
      maskN = new Map();
      for (const s of sizes) {
        const mask = new Float32Array(lay.total);
        for (let i = 0; i < L; i++) mask.fill(cfg.alpha / s, lay.wOff[i]!, lay.bOff[i]!);
        maskN.set(s, own(K.upload(mask, [lay.total])));
      }
    }
    const c = {
      b1: own(K.scalar(cfg.beta1)),
      ob1: own(K.scalar(1 - cfg.beta1)),
      b2: own(K.scalar(cfg.beta2)),
      ob2: own(K.scalar(1 - cfg.beta2)),
      eps: own(K.scalar(cfg.epsilon)),
      mom: own(K.scalar(cfg.momentum)),
      lr: own(K.scalar(cfg.learningRateInit)),
    };
    // One batch per epoch: the data stays on the device (uploaded once, never shuffled).
    // Otherwise each batch is gathered from the host rows straight into its tensors (the wasm
    // GatherV2 kernel took ~6–9 ms for 1437 × 64 rows, far more than a copy in JS).
    // The first layer's [∂W₀; ∂b₀] comes from [xᵀ; 1]·δ₀, or — when the first hidden layer is
    // wider than the input — as (δ₀ᵀ·[x, 1])ᵀ: the wasm matMul packs (copies and reorders) its
    // right operand on every call, and [x, 1] (rows × (d + 1)) is then the smaller one; with the
    // data resident it is even packed only once for the whole fit (XNNPACK caches the operator by
    // the tensor). [x, 1] then also feeds the forward pass, [x, 1]·[W₀; b₀], so that a batch is
    // gathered once.
    const firstT = L >= 2 && lay.sizes[1]! > d + 1;
    const pieces = pieceSizes(lay, firstT);
    const batch = (src: Float32Array, cols: number, layout: RowLayout, rows: Int32Array | undefined, start: number, nb: number): Handle => {
      const shape = layout === 'rows' ? [1, nb, cols] : layout === 'rowsOnes' ? [1, nb, cols + 1] : [1, cols + 1, nb];
      return K.fill(shape, (dst, at) => gatherRows(src, cols, rows, start, nb, layout, dst, at));
    };
    const val = data.validation;
    const Xval = val ? own(batch(val.X, d, firstT ? 'rowsOnes' : 'rows', undefined, 0, val.n)) : undefined;
    const gradLayout: RowLayout = firstT ? 'rowsOnes' : 'transposedOnes';
    const resident =
      nBatches === 1
        ? {
            x: firstT ? undefined : own(batch(data.X, d, 'rows', undefined, 0, n)),
            x1: own(batch(data.X, d, gradLayout, undefined, 0, n)),
            y: own(batch(data.Y, k, 'rows', undefined, 0, n)),
          }
        : undefined;
    const shuffled = cfg.shuffle && !resident;
    let perm: Int32Array | undefined;

    st.theta = K.upload(flatten(init, lay), [lay.total]);
    st.m = K.upload(new Float32Array(lay.total), [lay.total]);
    st.v = cfg.solver === 'adam' ? K.upload(new Float32Array(lay.total), [lay.total]) : st.m;

    // On wasm (direct kernels, SIMD), Adam's update runs as one pass in the backend's memory.
    const fused =
      cfg.solver === 'adam' && K.hasFusedAdam
        ? { beta1: cfg.beta1, oneMinusBeta1: 1 - cfg.beta1, beta2: cfg.beta2, oneMinusBeta2: 1 - cfg.beta2, epsilon: cfg.epsilon }
        : undefined;

    /** One optimisation step on rows [start, start + nb) of the epoch's order (`perm`, or as given). */
    const step = (start: number, nb: number): void => {
      st.t += 1;
      const lrT =
        cfg.solver === 'adam' ? (cfg.learningRateInit * Math.sqrt(1 - cfg.beta2 ** st.t)) / (1 - cfg.beta1 ** st.t) : 0;
      const theta0 = st.theta!;
      const next = K.scope(() => {
        const x1 = resident ? resident.x1 : batch(data.X, d, gradLayout, perm, start, nb);
        const xb = firstT ? x1 : resident ? resident.x! : batch(data.X, d, 'rows', perm, start, nb);
        const yb = resident ? resident.y : batch(data.Y, k, 'rows', perm, start, nb);
        const { W, b } = layerViews(K, theta0, lay, pieces, firstT);
        const acts = forward(K, xb, W, b, cfg.activation, cfg.output);
        const p = acts[L]!;
        const diff = K.sub(p, yb);
        const lossData = batchLossSum(K, one, p, yb, diff, cfg.output);
        // Gradients of the batch-mean loss: δ_out = (p − y) / n, as scikit-learn's _backprop.
        let delta = K.mul(diff, invN.get(nb)!);
        // Layer i's [∂W; ∂b] = [aᵢᵀ; 1]·δ: (in + 1) × out, row-major — θ's layout for the layer.
        const parts: Handle[] = new Array<Handle>(L);
        for (let i = L - 1; i >= 0; i--) {
          if (i === 0 && firstT) {
            parts[0] = K.transpose(K.matMul(delta, x1)); // delta holds δ₀ᵀ here
            break;
          }
          const aT = i === 0 ? undefined : K.transpose(acts[i]!);
          parts[i] = K.matMul(aT ? K.appendOnesRow(aT) : x1, delta);
          if (i === 1 && firstT) {
            // δ₀ᵀ = f′(a₁ᵀ) ⊙ (W₁·δ₁ᵀ): in the transposed orientation the first layer needs.
            delta = derivative(K, one, K.matMul(W[1]!, K.transpose(delta)), aT!, cfg.activation);
          } else if (i > 0) {
            delta = derivative(K, one, K.matMul(delta, K.transpose(W[i]!)), acts[i]!, cfg.activation);
          }
        }
        let g = K.concat(parts);
        let lossL2: Handle | undefined;
        if (fused) {
          // The L2 gradient and Adam's update in one pass (m and v in place): bit-identical to the kernels below.
          const mask = maskN?.get(nb);
          const r = K.fusedAdam(theta0, st.m!, st.v!, g, { ...fused, lr: lrT }, mask);
          return { theta: r.theta, m: st.m!, v: st.v!, lossData, lossL2: r.l2Terms && K.sumAll(r.l2Terms) };
        }
        if (maskN) {
          const r = K.mul(theta0, maskN.get(nb)!); // α/n·W
          g = K.add(g, r);
          lossL2 = K.sumAll(K.mul(theta0, r)); // α/n·‖W‖²
        }
        let theta: Handle;
        let m: Handle;
        let v: Handle;
        if (cfg.solver === 'adam') {
          m = K.add(K.mul(st.m!, c.b1), K.mul(g, c.ob1));
          v = K.add(K.mul(st.v!, c.b2), K.mul(K.square(g), c.ob2));
          theta = K.sub(theta0, K.mul(K.div(m, K.add(K.sqrt(v), c.eps)), K.scalar(lrT)));
        } else {
          // velocity ← μ·velocity − lr·g; Nesterov applies μ·velocity − lr·g once more.
          const lg = K.mul(g, c.lr);
          m = K.sub(K.mul(st.m!, c.mom), lg);
          const update = cfg.nesterovsMomentum ? K.sub(K.mul(m, c.mom), lg) : m;
          theta = K.add(theta0, update);
          v = m;
        }
        return { theta, m, v, lossData, lossL2 };
      });
      pending.push({ data: next.lossData, l2: next.lossL2, nb });
      if (theta0 !== best) K.free(theta0);
      if (st.v !== st.m && st.v !== next.v) K.free(st.v!);
      if (st.m !== next.m) K.free(st.m!);
      st.theta = next.theta;
      st.m = next.m;
      st.v = next.v;
    };

    /** The epoch's loss from the batches' terms (scikit-learn: Σ batch loss × batch size / n), freeing them. */
    const readEpochLoss = (): number => {
      let dataSum = 0;
      let l2 = 0;
      for (const bl of pending) {
        dataSum += K.readScalar(bl.data);
        if (bl.l2) l2 += 0.5 * bl.nb * K.readScalar(bl.l2);
      }
      freePending();
      return ((cfg.output === 'identity' ? 0.5 * dataSum : -dataSum) + l2) / n;
    };
    const freePending = (): void => {
      for (const bl of pending) {
        K.free(bl.data);
        if (bl.l2) K.free(bl.l2);
      }
      pending.length = 0;
    };

    const loss: number[] = [];
    const validationScore: number[] | undefined = data.validation ? [] : undefined;
    let bestLoss = Infinity;
    let bestScore = -Infinity;
    let noImprovement = 0;
    let stopReason = `${MAX_ITER_REACHED} (${cfg.maxIter} epochs) before the ${data.validation ? 'validation score' : 'training loss'} stopped improving by tol=${cfg.tol}`;
    let lastYield = performance.now();
    for (let epoch = 0; epoch < cfg.maxIter; epoch++) {
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (!K.direct) reassertBackend(tf, backend);
      if (shuffled) perm = rng.permutation(n);
      for (let bi = 0; bi < nBatches; bi++) step(bi * bs, bi === nBatches - 1 ? lastBs : bs);
      const epochLoss = readEpochLoss();
      if (!Number.isFinite(epochLoss)) {
        throw new FitError(
          `${owner}.fit diverged: the training loss became ${epochLoss} at epoch ${epoch + 1}. Standardise the inputs (and the target of a regressor) or lower 'learningRateInit' (now ${cfg.learningRateInit}).`,
        );
      }
      loss.push(epochLoss);
      // scikit-learn's _update_no_improvement_count.
      if (data.validation && validationScore) {
        const theta = st.theta;
        const out = K.scope(() => {
          const { W, b } = layerViews(K, theta, lay, pieces, firstT);
          return forward(K, Xval!, W, b, cfg.activation, cfg.output)[L]!;
        });
        const outputs = K.read(out);
        K.free(out);
        const score = data.validation.score(outputs);
        validationScore.push(score);
        if (score < bestScore + cfg.tol) noImprovement++;
        else noImprovement = 0;
        if (score > bestScore) {
          bestScore = score;
          if (best) K.free(best);
          best = st.theta;
        }
      } else {
        if (epochLoss > bestLoss - cfg.tol) noImprovement++;
        else noImprovement = 0;
        if (epochLoss < bestLoss) bestLoss = epochLoss;
      }
      if (noImprovement > cfg.nIterNoChange) {
        stopReason = data.validation
          ? `validation score did not improve by more than tol=${cfg.tol} for ${cfg.nIterNoChange} consecutive epochs`
          : `training loss did not improve by more than tol=${cfg.tol} for ${cfg.nIterNoChange} consecutive epochs`;
        break;
      }
    }
    const flat = K.read(best ?? st.theta);
    const history: TrainingHistory = { loss, epochs: loss.length, stopReason };
    if (validationScore) history.validationScore = validationScore;
    return { weights: unflatten(flat, lay), history };
  } finally {
    for (const bl of pending) {
      K.free(bl.data);
      if (bl.l2) K.free(bl.l2);
    }
    if (best && best !== st.theta) K.free(best);
    if (st.theta) K.free(st.theta);
    if (st.v && st.v !== st.m) K.free(st.v);
    if (st.m) K.free(st.m);
    for (const t of owned) K.free(t);
  }
}

/**
 * Runs the network on `X` (float32, row-major `n × d`) in chunks.
 * @returns the output layer, row-major `n × k` (probabilities or values).
 */
export function predictNetwork(
  tf: Tf,
  backend: TfBackendName,
  w: NetworkWeights,
  X: Float32Array,
  n: number,
  activation: Activation,
  output: OutputKind,
): Float32Array {
  reassertBackend(tf, backend);
  const sizes = w.layerSizes;
  const d = sizes[0]!;
  const k = sizes[sizes.length - 1]!;
  const out = new Float32Array(n * k);
  const chunk = 16384;
  const K = new Kernels(tf, backend);
  const owned: Handle[] = [];
  try {
    const W = w.coefs.map((c, i) => K.upload(c, [1, sizes[i]!, sizes[i + 1]!]));
    owned.push(...W);
    const b = w.intercepts.map((c) => K.upload(c, [c.length]));
    owned.push(...b);
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const res = K.scope(() => {
        const x = K.upload(X.subarray(start * d, (start + rows) * d), [1, rows, d]);
        return forward(K, x, W, b, activation, output)[W.length]!;
      });
      out.set(K.read(res), start * k);
      K.free(res);
    }
  } finally {
    for (const t of owned) K.free(t);
  }
  return out;
}
