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
 *   gradient tape;
 * - the data is shuffled once per epoch with one gather; a batch is one slice;
 * - the loss is accumulated on the device and read once per epoch.
 *
 * The maths follows scikit-learn 1.2.1's `BaseMultilayerPerceptron` (`_init_coef`, `_backprop`,
 * `_fit_stochastic`, `_update_no_improvement_count`) and `_stochastic_optimizers`.
 */
import type { Scalar, Tensor, Tensor1D, Tensor3D } from '@tensorflow/tfjs';
import { FitError, type Rng, type TrainingHistory } from '@mlcompare/core';
import { reassertBackend, type Tf, type TfBackendName } from '../backend.js';
import { Kernels, type FusedActivation } from './kernels.js';

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
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]! * d;
    out.set(X.subarray(r, r + d), i * d);
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

/** Sizes of the pieces of θ, in order W₀, b₀, W₁, b₁, … */
function pieceSizes(lay: Layout): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < lay.sizes.length; i++) out.push(lay.sizes[i]! * lay.sizes[i + 1]!, lay.sizes[i + 1]!);
  return out;
}

/** The layers' weights (`[1, in, out]`) and biases (`[out]`) cut from θ: one split and one reshape per layer. */
function layerViews(K: Kernels, theta: Tensor1D, lay: Layout): { W: Tensor3D[]; b: Tensor1D[] } {
  const pieces = K.split(theta, pieceSizes(lay));
  const W: Tensor3D[] = [];
  const b: Tensor1D[] = [];
  for (let i = 0; i + 1 < lay.sizes.length; i++) {
    W.push(K.reshape(pieces[2 * i]!, [1, lay.sizes[i]!, lay.sizes[i + 1]!]));
    b.push(pieces[2 * i + 1]!);
  }
  return { W, b };
}

/** Forward pass on `[1, rows, d]`; returns every layer's activation (input first, output probabilities/values last). */
function forward(K: Kernels, x: Tensor3D, W: Tensor3D[], b: Tensor1D[], activation: Activation, output: OutputKind): Tensor3D[] {
  const acts: Tensor3D[] = [x];
  const L = W.length;
  const hiddenFused = fusedHidden(activation);
  for (let i = 0; i < L; i++) {
    const last = i === L - 1;
    const act: FusedActivation = last ? (output === 'logistic' ? 'sigmoid' : 'linear') : hiddenFused;
    let z = K.matMul(acts[i]!, W[i]!, b[i]!, act);
    if (!last && activation === 'tanh') z = K.tanh(z);
    if (last && output === 'softmax') z = K.softmax(z);
    acts.push(z);
  }
  return acts;
}

/** δ ← δ · f′ expressed through the activation a = f(z), as scikit-learn's `inplace_*_derivative`. */
function derivative(K: Kernels, one: Scalar, delta: Tensor3D, a: Tensor3D, activation: Activation): Tensor3D {
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
 * The per-batch loss term that {@link trainNetwork} accumulates (a sum over the batch, not a mean):
 * Σ y·log p (softmax), Σ log q with q the probability of the true class (logistic), Σ (p − y)² (identity).
 */
function batchLossSum(K: Kernels, one: Scalar, p: Tensor3D, y: Tensor3D, diff: Tensor3D, output: OutputKind): Scalar {
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

/** Live state of a training run (all tensors owned by the loop). */
interface LoopState {
  theta: Tensor1D;
  m: Tensor1D;
  v: Tensor1D;
  acc: Scalar;
  accL2: Scalar;
  t: number;
}

/**
 * Trains the network with mini-batch Adam or SGD, scikit-learn style: `maxIter` epochs at most,
 * stopping when the training loss (or, with early stopping, the validation score) has not
 * improved by `tol` for more than `nIterNoChange` consecutive epochs.
 *
 * @param tf - the tfjs namespace, with `backend` active.
 * @param init - initial weights (from {@link initWeights}).
 * @param rng - source of the per-epoch shuffles.
 * @throws {@link FitError} when the loss becomes NaN or infinite.
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
  const k = lay.sizes[lay.sizes.length - 1]!;
  const { n, d } = data;
  const bs = cfg.batchSize;
  const nBatches = Math.ceil(n / bs);
  const lastBs = n - (nBatches - 1) * bs;

  const owned: Tensor[] = [];
  const own = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  reassertBackend(tf, backend);
  const K = new Kernels(tf);
  const Xval = data.validation ? own(tf.tensor3d(data.validation.X, [1, data.validation.n, d])) : undefined;
  const one = own(tf.scalar(1));
  const invN = new Map<number, Scalar>([[bs, own(tf.scalar(1 / bs))]]);
  if (!invN.has(lastBs)) invN.set(lastBs, own(tf.scalar(1 / lastBs)));
  const useL2 = cfg.alpha > 0;
  let alphaMask: Tensor1D | undefined;
  if (useL2) {
    const mask = new Float32Array(lay.total);
    for (let i = 0; i < lay.wOff.length; i++) mask.fill(cfg.alpha, lay.wOff[i]!, lay.bOff[i]!);
    alphaMask = own(tf.tensor1d(mask));
  }
  const c = {
    b1: own(tf.scalar(cfg.beta1)),
    ob1: own(tf.scalar(1 - cfg.beta1)),
    b2: own(tf.scalar(cfg.beta2)),
    ob2: own(tf.scalar(1 - cfg.beta2)),
    eps: own(tf.scalar(cfg.epsilon)),
    mom: own(tf.scalar(cfg.momentum)),
    lr: own(tf.scalar(cfg.learningRateInit)),
  };

  const st: LoopState = {
    theta: tf.tensor1d(flatten(init, lay)),
    m: tf.zeros([lay.total]),
    v: tf.zeros([lay.total]),
    acc: tf.scalar(0),
    accL2: tf.scalar(0),
    t: 0,
  };
  let best: Tensor1D | undefined; // best θ so far (early stopping); never disposed by a step

  /** One optimisation step on rows [start, start + nb) of the (shuffled) epoch data. */
  const step = (Xs: Float32Array, Ys: Float32Array, start: number, nb: number): void => {
    st.t += 1;
    const lrT =
      cfg.solver === 'adam' ? (cfg.learningRateInit * Math.sqrt(1 - cfg.beta2 ** st.t)) / (1 - cfg.beta1 ** st.t) : 0;
    const next = tf.tidy(() => {
      // Each batch is uploaded from the host: the wasm Slice kernel copies its whole input
      // (readSync) before cutting, which made a batch slice cost more than the step's maths.
      const xb = tf.tensor3d(Xs.subarray(start * d, (start + nb) * d), [1, nb, d]);
      const yb = tf.tensor3d(Ys.subarray(start * k, (start + nb) * k), [1, nb, k]);
      const { W, b } = layerViews(K, st.theta, lay);
      const acts = forward(K, xb, W, b, cfg.activation, cfg.output);
      const p = acts[acts.length - 1]!;
      const diff = K.sub(p, yb);
      const acc = K.add(st.acc, batchLossSum(K, one, p, yb, diff, cfg.output));
      // Gradients of the batch-mean loss: δ_out = (p − y) / n, as scikit-learn's _backprop.
      let delta = K.mul(diff, invN.get(nb)!);
      const L = W.length;
      const parts: Tensor1D[] = new Array<Tensor1D>(2 * L);
      for (let i = L - 1; i >= 0; i--) {
        parts[2 * i] = K.reshape(K.matMul(K.transpose(acts[i]!), delta), [-1]);
        parts[2 * i + 1] = K.sumRows(delta);
        if (i > 0) delta = derivative(K, one, K.matMul(delta, K.transpose(W[i]!)), acts[i]!, cfg.activation);
      }
      let g = K.concat(parts);
      let accL2 = st.accL2;
      if (alphaMask) {
        // L2 as scikit-learn: loss += α/(2n)·‖W‖², gradient += α/n·W (weights only, not biases).
        const r = K.mul(st.theta, alphaMask);
        g = K.add(g, K.mul(r, invN.get(nb)!));
        accL2 = K.add(st.accL2, K.sumAll(K.mul(st.theta, r)));
      }
      let theta: Tensor1D;
      let m: Tensor1D;
      let v: Tensor1D;
      if (cfg.solver === 'adam') {
        m = K.add(K.mul(st.m, c.b1), K.mul(g, c.ob1));
        v = K.add(K.mul(st.v, c.b2), K.mul(K.square(g), c.ob2));
        theta = K.sub(st.theta, K.mul(K.div(m, K.add(K.sqrt(v), c.eps)), tf.scalar(lrT)));
      } else {
        // velocity ← μ·velocity − lr·g; Nesterov applies μ·velocity − lr·g once more.
        const lg = K.mul(g, c.lr);
        m = K.sub(K.mul(st.m, c.mom), lg);
        const update = cfg.nesterovsMomentum ? K.sub(K.mul(m, c.mom), lg) : m;
        theta = K.add(st.theta, update);
        v = st.v;
      }
      return { theta, m, v, acc, accL2 };
    });
    if (st.theta !== best) st.theta.dispose();
    if (next.m !== st.m) st.m.dispose();
    if (next.v !== st.v) st.v.dispose();
    if (next.acc !== st.acc) st.acc.dispose();
    if (next.accL2 !== st.accL2) st.accL2.dispose();
    st.theta = next.theta;
    st.m = next.m;
    st.v = next.v;
    st.acc = next.acc;
    st.accL2 = next.accL2;
  };

  const loss: number[] = [];
  const validationScore: number[] | undefined = data.validation ? [] : undefined;
  let bestLoss = Infinity;
  let bestScore = -Infinity;
  let noImprovement = 0;
  let stopReason = `maxIter reached (${cfg.maxIter} epochs) before the ${data.validation ? 'validation score' : 'training loss'} stopped improving by tol=${cfg.tol}`;
  try {
    for (let epoch = 0; epoch < cfg.maxIter; epoch++) {
      reassertBackend(tf, backend);
      let Xs = data.X;
      let Ys = data.Y;
      if (cfg.shuffle) {
        // Shuffled on the host: the wasm GatherV2 kernel took ~6–9 ms for 1437 × 64 rows, far
        // more than a copy in JS.
        const perm = rng.permutation(n);
        Xs = takeRows(data.X, d, perm);
        Ys = takeRows(data.Y, k, perm);
      }
      for (let bi = 0; bi < nBatches; bi++) step(Xs, Ys, bi * bs, bi === nBatches - 1 ? lastBs : bs);
      const [accV, l2V] = await Promise.all([st.acc.data(), st.accL2.data()]);
      const dataTerm = cfg.output === 'identity' ? 0.5 * accV[0]! : -accV[0]!;
      const epochLoss = (dataTerm + 0.5 * l2V[0]!) / n;
      reassertBackend(tf, backend);
      const zero = (s: Scalar): Scalar => {
        s.dispose();
        return tf.scalar(0);
      };
      st.acc = zero(st.acc);
      st.accL2 = zero(st.accL2);
      if (!Number.isFinite(epochLoss)) {
        throw new FitError(
          `${owner}.fit diverged: the training loss became ${epochLoss} at epoch ${epoch + 1}. Standardise the inputs (and the target of a regressor) or lower 'learningRateInit' (now ${cfg.learningRateInit}).`,
        );
      }
      loss.push(epochLoss);
      // scikit-learn's _update_no_improvement_count.
      if (data.validation && validationScore) {
        const out = tf.tidy(() => {
          const { W, b } = layerViews(K, st.theta, lay);
          const acts = forward(K, Xval!, W, b, cfg.activation, cfg.output);
          return acts[acts.length - 1]!;
        });
        const outputs = (await out.data()) as Float32Array;
        out.dispose();
        const score = data.validation.score(outputs);
        validationScore.push(score);
        if (score < bestScore + cfg.tol) noImprovement++;
        else noImprovement = 0;
        if (score > bestScore) {
          bestScore = score;
          if (best) best.dispose();
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
    const finalTheta = best ?? st.theta;
    const flat = (await finalTheta.data()) as Float32Array;
    const history: TrainingHistory = { loss, epochs: loss.length, stopReason };
    if (validationScore) history.validationScore = validationScore;
    return { weights: unflatten(flat, lay), history };
  } finally {
    if (best && best !== st.theta) best.dispose();
    st.theta.dispose();
    if (st.v !== st.m) st.v.dispose();
    st.m.dispose();
    st.acc.dispose();
    st.accL2.dispose();
    for (const t of owned) t.dispose();
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
  const K = new Kernels(tf);
  tf.tidy(() => {
    const W = w.coefs.map((c, i) => tf.tensor3d(c, [1, sizes[i]!, sizes[i + 1]!]));
    const b = w.intercepts.map((c) => tf.tensor1d(c));
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      const res = tf.tidy(() => {
        const x = tf.tensor3d(X.subarray(start * d, (start + rows) * d), [1, rows, d]);
        const acts = forward(K, x, W, b, activation, output);
        return acts[acts.length - 1]!;
      });
      out.set(res.dataSync() as Float32Array, start * k);
      res.dispose();
    }
  });
  return out;
}
