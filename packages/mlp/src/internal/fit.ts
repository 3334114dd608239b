/**
 * What the classifier and the regressor share around the network: the early-stopping split,
 * the training configuration, the fitted state and its JSON form.
 */
import {
  InputError,
  ParameterError,
  Rng,
  StateReader,
  readFloat64Array,
  readHistory,
  readNumber,
  stateError,
  describeJsonValue,
  type Matrix,
  type StateContext,
  type TrainingHistory,
} from '@mlcompare/core';
import { backendUnavailableReason, loadTensorFlow, type Tf, type TfBackendName } from '../backend.js';
import type { MLPParams } from '../params.js';
import { initWeights, predictNetwork, takeRows, trainNetwork, type NetworkWeights, type OutputKind, type TrainConfig } from './network.js';

/** Fitted state of an MLP model. */
export interface MlpState {
  weights: NetworkWeights;
  output: OutputKind;
  /** The backend the network was fitted on (written to its JSON). */
  backend: TfBackendName;
  history: TrainingHistory;
  /** The backend the last prediction ran on; undefined before one (not written to JSON). */
  ranOn?: TfBackendName;
  /** Why the network ran on another backend than it was fitted on (not written to JSON). */
  notes?: string[];
}

/**
 * Row-major float32 copy of a matrix (tfjs trains in float32).
 * @param caller - the public method, for the error message (`'MLPClassifier.fit'`).
 * @throws {@link InputError} for a value float32 cannot hold (|x| > 3.4e38).
 */
export function toFloat32(X: Matrix, caller: string): Float32Array {
  const out = Float32Array.from(X.data);
  for (let k = 0; k < out.length; k++) {
    // Past ±3.4e38 a value becomes ±Infinity in float32: the loss turns NaN, predictions null.
    if (!Number.isFinite(out[k]!)) {
      throw new InputError(
        `Argument 'X' passed to '${caller}' must hold values that fit in float32 (|x| <= 3.4e38), as TensorFlow.js computes in float32, but got ${X.data[k]} at row ${Math.floor(k / X.cols)}, column ${k % X.cols}. Standardise the features (StandardScaler) first.`,
      );
    }
  }
  return out;
}

/** The regression target as float32, refusing values float32 cannot hold (see {@link toFloat32}). */
export function targetToFloat32(y: Float64Array, caller: string): Float32Array {
  const out = Float32Array.from(y);
  const k = out.findIndex((v) => !Number.isFinite(v));
  if (k >= 0) {
    throw new InputError(
      `Argument 'y' passed to '${caller}' must hold values that fit in float32 (|y| <= 3.4e38), as TensorFlow.js computes in float32, but got ${y[k]} at index ${k}. Rescale the target first.`,
    );
  }
  return out;
}

/** A copy of a fitted model's training history, for its `history` getter (callers cannot alter the model's). */
export function copyHistory(h: TrainingHistory): TrainingHistory {
  return { ...h, loss: [...h.loss], ...(h.validationScore ? { validationScore: [...h.validationScore] } : {}) };
}

/**
 * scikit-learn's `train_test_split(test_size=validationFraction)` for early stopping: ⌈f·n⌉
 * validation rows, stratified by `strata` (classifiers) with a largest-remainder allocation that
 * leaves every class with at least one training row.
 * @throws {@link @mlcompare/core!InputError | InputError} when either side would be empty.
 */
export function validationSplit(
  n: number,
  fraction: number,
  rng: Rng,
  strata: Int32Array | undefined,
  caller: string,
): { train: Int32Array; val: Int32Array } {
  const nVal = Math.ceil(fraction * n);
  if (nVal < 1 || n - nVal < 1) {
    throw new InputError(
      `Argument 'X' passed to '${caller}' has ${n} samples: too few to hold out validationFraction=${fraction} for earlyStopping (both sides need at least one sample).`,
    );
  }
  const isVal = new Uint8Array(n);
  if (!strata) {
    const perm = rng.permutation(n);
    for (let i = 0; i < nVal; i++) isVal[perm[i]!] = 1;
  } else {
    const k = Math.max(...strata) + 1;
    const members: number[][] = Array.from({ length: k }, () => []);
    for (let i = 0; i < n; i++) members[strata[i]!]!.push(i);
    const quota = members.map((m) => (m.length * nVal) / n);
    const take = quota.map((q, c) => Math.min(Math.floor(q), Math.max(0, members[c]!.length - 1)));
    let left = nVal - take.reduce((a, b) => a + b, 0);
    const order = quota.map((q, c) => c).sort((a, b) => quota[b]! - Math.floor(quota[b]!) - (quota[a]! - Math.floor(quota[a]!)) || a - b);
    while (left > 0) {
      let moved = false;
      for (const c of order) {
        if (left === 0) break;
        if (take[c]! < members[c]!.length - 1) {
          take[c]!++;
          left--;
          moved = true;
        }
      }
      if (!moved) break;
    }
    for (let c = 0; c < k; c++) {
      const m = members[c]!;
      rng.shuffle(m);
      for (let i = 0; i < take[c]!; i++) isVal[m[i]!] = 1;
    }
  }
  const train: number[] = [];
  const val: number[] = [];
  for (let i = 0; i < n; i++) (isVal[i] ? val : train).push(i);
  if (val.length === 0 || train.length === 0) {
    throw new InputError(
      `Argument 'y' passed to '${caller}' leaves no sample for the stratified early-stopping validation set (validationFraction=${fraction}, ${n} samples).`,
    );
  }
  return { train: Int32Array.from(train), val: Int32Array.from(val) };
}

/** The training loop's configuration from the parameters, for `n` training rows. */
function trainConfig(p: Readonly<MLPParams>, output: OutputKind, n: number): TrainConfig {
  const batchSize = p.batchSize === 'auto' ? Math.min(200, n) : Math.min(Math.max(1, p.batchSize), n);
  return {
    activation: p.activation,
    output,
    solver: p.solver,
    alpha: p.alpha,
    batchSize,
    learningRateInit: p.learningRateInit,
    beta1: p.beta1,
    beta2: p.beta2,
    epsilon: p.epsilon,
    momentum: p.momentum,
    nesterovsMomentum: p.nesterovsMomentum,
    maxIter: p.maxIter,
    tol: p.tol,
    nIterNoChange: p.nIterNoChange,
    shuffle: p.shuffle,
  };
}

/**
 * Most weights (and biases) a network may have: 2^26 = 67,108,864, 256 MiB of float32 for each
 * of the copies training keeps (weights, gradients, and Adam's two moments or SGD's velocity).
 * Past it, a fit would allocate gigabytes or stop on a raw `RangeError` ("Invalid typed array
 * length" for a layer of 1e9 units).
 */
export const MAX_NETWORK_WEIGHTS = 2 ** 26;

/**
 * Counts the weights and biases of a network with these layer sizes (input first) and throws
 * before anything is allocated when they exceed {@link MAX_NETWORK_WEIGHTS}.
 * @param sizes - units per layer: inputs, the hidden layers, outputs (only the hidden layers when
 *   checking parameters before any data is seen).
 * @param owner - the model's class name.
 * @param what - how the message names the layers (`'the layers (inputs, hidden, outputs)'`).
 * @throws {@link ParameterError} naming hiddenLayerSizes, the count and the limit.
 */
export function checkNetworkSize(sizes: readonly number[], owner: string, what: string): void {
  let total = 0;
  for (let i = 0; i + 1 < sizes.length; i++) total += (sizes[i]! + 1) * sizes[i + 1]!;
  if (total > MAX_NETWORK_WEIGHTS) {
    throw new ParameterError(
      `The 'hiddenLayerSizes' parameter of ${owner} gives ${what} [${sizes.join(', ')}] ${total.toLocaleString('en-US')} weights and biases, above the limit of ${MAX_NETWORK_WEIGHTS.toLocaleString('en-US')} (2^26: 256 MiB of float32 per copy, and training keeps several). Use fewer or smaller hidden layers.`,
    );
  }
}

/**
 * Fits a network: loads the backend, initialises the weights (as scikit-learn: weights first,
 * then the early-stopping split, then the shuffles, all from one seeded generator) and trains.
 *
 * @param X - inputs, float32 row-major `n × d`.
 * @param Y - network targets, float32 row-major `n × k`.
 * @param strata - class codes for a stratified validation split (classifiers), or undefined.
 * @param score - validation score of the network's outputs on the held-out rows (higher is better).
 * @param owner - the model's class name, for messages (`<owner>.fit`).
 */
export async function fitMlp(
  params: Readonly<MLPParams>,
  X: Float32Array,
  n: number,
  d: number,
  Y: Float32Array,
  k: number,
  output: OutputKind,
  strata: Int32Array | undefined,
  score: (outputs: Float32Array, valRows: Int32Array) => number,
  owner: string,
): Promise<MlpState> {
  checkNetworkSize([d, ...params.hiddenLayerSizes, k], owner, `the layers (inputs, hidden, outputs)`);
  const { tf, backend } = await loadTensorFlow(params.backend);
  const rng = new Rng(params.seed);
  const init = initWeights([d, ...params.hiddenLayerSizes, k], params.activation, rng);
  let data: Parameters<typeof trainNetwork>[3];
  if (params.earlyStopping) {
    const { train, val } = validationSplit(n, params.validationFraction, rng, strata, `${owner}.fit`);
    data = {
      X: takeRows(X, d, train),
      Y: takeRows(Y, k, train),
      n: train.length,
      d,
      validation: { X: takeRows(X, d, val), n: val.length, score: (o) => score(o, val) },
    };
  } else {
    data = { X, Y, n, d };
  }
  const cfg = trainConfig(params, output, data.n);
  const { weights, history } = await trainNetwork(tf, backend, init, data, cfg, rng, owner);
  return { weights, output, backend, history };
}

/**
 * Runs a fitted network on new rows, on the backend it was fitted on when that one is available
 * here, else on the `backend` parameter's choice. Records the backend in `s.ranOn` and, when it
 * is not the fitted one (a model read from JSON written on another machine), says so once in
 * `s.notes`: float32 kernels differ between backends, so outputs may differ in the last digits.
 */
export async function runMlp(params: Readonly<MLPParams>, s: MlpState, X: Matrix, owner: string): Promise<Float32Array> {
  let loaded: { tf: Tf; backend: TfBackendName };
  try {
    loaded = await loadTensorFlow(s.backend);
  } catch (err) {
    loaded = await loadTensorFlow(params.backend);
    const note =
      `${owner} was fitted on the TensorFlow.js backend '${s.backend}', which is not available here (${backendUnavailableReason(s.backend) ?? (err as Error).message}); ` +
      `it ran on '${loaded.backend}' instead, whose float32 kernels may round differently.`;
    s.notes ??= [];
    if (!s.notes.includes(note)) s.notes.push(note);
  }
  s.ranOn = loaded.backend;
  return predictNetwork(loaded.tf, loaded.backend, s.weights, toFloat32(X, `${owner}.predict`), X.rows, params.activation, s.output);
}

/** JSON form of the state (weights as plain numbers: float32 values round-trip exactly). */
export function mlpStateToJSON(s: MlpState): unknown {
  return {
    layerSizes: s.weights.layerSizes,
    coefs: s.weights.coefs.map((c) => Array.from(c)),
    intercepts: s.weights.intercepts.map((c) => Array.from(c)),
    output: s.output,
    backend: s.backend,
    history: s.history,
  };
}

/**
 * Reads {@link mlpStateToJSON}'s output back, checked against the parameters, the number of
 * features and the output the model must have: `layerSizes` is `[nFeatures, ...hiddenLayerSizes,
 * outputs]`; each layer's `coefs` and `intercepts` have its sizes' product and its width of
 * float32 values; `output` is the task's; `backend` a TensorFlow.js backend; `history` one loss
 * per epoch (and a validation score per epoch exactly with early stopping), at most maxIter.
 * @param outputs - units of the output layer (1 for a regressor or a binary classifier, else the
 *   number of classes), with the reason.
 * @param output - the output layer's kind.
 * @throws {@link SerializationError} naming the field.
 */
export function mlpStateFromJSON(raw: unknown, ctx: StateContext, params: Readonly<MLPParams>, outputs: { units: number; why: string }, output: OutputKind): MlpState {
  const r = StateReader.of(ctx.owner, ctx.path, raw);
  const expected = [ctx.nFeatures, ...params.hiddenLayerSizes, outputs.units];
  const rawSizes = r.raw('layerSizes');
  const sizesPath = r.at('layerSizes');
  if (!Array.isArray(rawSizes) || rawSizes.length !== expected.length) {
    throw stateError(ctx.owner, sizesPath, `an array of ${expected.length} layer sizes (state.nFeatures, params.hiddenLayerSizes, ${outputs.why})`, describeJsonValue(rawSizes));
  }
  const whys = ['state.nFeatures', ...params.hiddenLayerSizes.map((_, i) => `params.hiddenLayerSizes[${i}]`), outputs.why];
  const sizes = rawSizes.map((v, i) => {
    readNumber(ctx.owner, `${sizesPath}[${i}]`, v, { integer: true, min: 1 });
    if (v !== expected[i]) throw stateError(ctx.owner, `${sizesPath}[${i}]`, `${expected[i]} (${whys[i]})`, String(v));
    return v as number;
  });
  const L = sizes.length - 1;
  const layers = (key: string): unknown[] => {
    const a = r.raw(key);
    if (!Array.isArray(a) || a.length !== L) throw stateError(ctx.owner, r.at(key), `an array of ${L} layers (one per pair of layer sizes)`, describeJsonValue(a));
    return a;
  };
  const rawCoefs = layers('coefs');
  const rawIntercepts = layers('intercepts');
  const coefs: Float32Array[] = [];
  const intercepts: Float32Array[] = [];
  for (let i = 0; i < L; i++) {
    const a = sizes[i]!;
    const b = sizes[i + 1]!;
    coefs.push(Float32Array.from(readFloat64Array(ctx.owner, `${r.at('coefs')}[${i}]`, rawCoefs[i], { length: a * b, float32: true, why: `layerSizes ${a} × ${b}` })));
    intercepts.push(Float32Array.from(readFloat64Array(ctx.owner, `${r.at('intercepts')}[${i}]`, rawIntercepts[i], { length: b, float32: true, why: `one per unit of layer ${i + 1}` })));
  }
  r.oneOf('output', [output] as const, outputs.why);
  const backend = r.oneOf('backend', ['tensorflow', 'wasm', 'cpu'] as const);
  const history = readHistory(ctx.owner, r.at('history'), r.raw('history'), { maxEpochs: params.maxIter, lossLength: 'epochs', validation: params.earlyStopping });
  r.done();
  return { weights: { layerSizes: sizes, coefs, intercepts }, output, backend, history };
}
