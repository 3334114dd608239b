/**
 * `MLPClassifier`: a multilayer perceptron trained in TensorFlow.js, after scikit-learn's
 * `MLPClassifier` (softmax output and cross-entropy for more than two classes, one sigmoid unit
 * and binary cross-entropy for two).
 */
import {
  BaseClassifier,
  Matrix,
  restoreModel,
  type ClassifierStateContext,
  type ModelSpec,
  type TrainingHistory,
  modelSpec,
} from '@mlcompare/core';
import { checkNetworkSize, copyHistory, fitMlp, mlpStateFromJSON, mlpStateToJSON, runMlp, toFloat32, type MlpState } from './internal/fit.js';
import { mlpParamSpec, type MLPParams } from './params.js';
import { mlpDefaultSpace } from './default-space.js';

/** Parameters of {@link MLPClassifier} (see {@link mlpParamSpec} for each one's rule and default). */
export type MLPClassifierParams = MLPParams;

/**
 * Multilayer perceptron classifier (scikit-learn's `MLPClassifier`, in TensorFlow.js).
 *
 * Inputs should be standardised. `fit` rejects a second concurrent call on the same instance.
 * After `fit`, {@link MLPClassifier.history} holds the loss per epoch and why training stopped,
 * and {@link MLPClassifier.backend} the TensorFlow.js backend it ran on.
 *
 * @example
 * ```ts
 * const clf = new MLPClassifier({ hiddenLayerSizes: [64, 64], seed: 0 });
 * await clf.fit([[0, 0], [0, 1], [1, 0], [1, 1]], ['a', 'b', 'b', 'a']);
 * const labels = await clf.predict([[0, 1]]);
 * console.log(labels, clf.backend, clf.history?.epochs);
 * ```
 */
export class MLPClassifier extends BaseClassifier<typeof mlpParamSpec, MlpState> {
  static readonly modelName = 'MLPClassifier';
  static readonly stateVersion = 1;
  static readonly paramSpec = mlpParamSpec;

  /**
   * @param params - hyper-parameters; missing ones take scikit-learn's defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value that breaks its rule.
   */
  constructor(params: Partial<MLPClassifierParams> = {}) {
    super(MLPClassifier.modelName, mlpParamSpec, params);
    // The hidden layers can be too large whatever the data (one input and one output at least): say so before any fit.
    checkNetworkSize([1, ...this.params.hiddenLayerSizes, 1], this.modelName, 'even with one input and one output, the layers');
  }

  /** Rebuilds a classifier from {@link MLPClassifier.toJSON}'s output. */
  static fromJSON(json: unknown): MLPClassifier {
    return restoreModel(MLPClassifier, json);
  }

  /**
   * The TensorFlow.js backend this model last ran on (`tensorflow`, `wasm`, `cpu`): the one it
   * was fitted on, until a prediction runs elsewhere (a model read from JSON on a machine
   * without that backend; {@link MLPClassifier.notes} then says so); the `backend` parameter before fit.
   */
  override get backend(): string {
    if (!this.isFitted) return this.params.backend;
    const s = this.fitted('backend').inner;
    return s.ranOn ?? s.backend;
  }

  /** The TensorFlow.js backend the network was fitted on (kept in its JSON); undefined before fit. */
  get fittedBackend(): string | undefined {
    return this.isFitted ? this.fitted('fittedBackend').inner.backend : undefined;
  }

  /** Warnings for a result: a prediction that ran on another backend than the network was fitted on. */
  override get notes(): readonly string[] {
    return this.isFitted ? [...(this.fitted('notes').inner.notes ?? [])] : [];
  }

  /** Loss per epoch, validation score per epoch (early stopping), epochs run and why training stopped; undefined before fit. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? copyHistory(this.fitted('history').inner.history) : undefined;
  }

  protected async fitEncoded(X: Matrix, y: Int32Array, nClasses: number): Promise<MlpState> {
    const n = X.rows;
    const binary = nClasses === 2;
    const k = binary ? 1 : nClasses;
    const Y = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      if (binary) Y[i] = y[i]!;
      else Y[i * k + y[i]!] = 1;
    }
    const score = (out: Float32Array, rows: Int32Array): number => {
      let ok = 0;
      for (let i = 0; i < rows.length; i++) {
        const pred = binary ? (out[i]! > 0.5 ? 1 : 0) : argmax(out, i * k, k);
        if (pred === y[rows[i]!]) ok++;
      }
      return ok / rows.length;
    };
    return fitMlp(this.params, toFloat32(X, `${this.modelName}.fit`), n, X.cols, Y, k, binary ? 'logistic' : 'softmax', y, score, this.modelName);
  }

  protected async predictProbaEncoded(X: Matrix, s: MlpState): Promise<Matrix> {
    const out = await runMlp(this.params, s, X, this.modelName);
    const n = X.rows;
    if (s.output === 'logistic') {
      const P = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        P[2 * i + 1] = out[i]!;
        P[2 * i] = 1 - out[i]!;
      }
      return new Matrix(P, n, 2);
    }
    const k = s.weights.layerSizes[s.weights.layerSizes.length - 1]!;
    const P = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      // float32 softmax rows sum to 1 only within ~1e-7: renormalise in float64.
      let sum = 0;
      for (let j = 0; j < k; j++) sum += out[i * k + j]!;
      for (let j = 0; j < k; j++) P[i * k + j] = out[i * k + j]! / sum;
    }
    return new Matrix(P, n, k);
  }

  protected override async predictEncoded(X: Matrix, s: MlpState): Promise<Int32Array> {
    const out = await runMlp(this.params, s, X, this.modelName);
    const n = X.rows;
    const codes = new Int32Array(n);
    if (s.output === 'logistic') {
      for (let i = 0; i < n; i++) codes[i] = out[i]! > 0.5 ? 1 : 0;
    } else {
      const k = s.weights.layerSizes[s.weights.layerSizes.length - 1]!;
      for (let i = 0; i < n; i++) codes[i] = argmax(out, i * k, k);
    }
    return codes;
  }

  protected serializeState(s: MlpState): unknown {
    return mlpStateToJSON(s);
  }

  /** Reads the network (see `mlpStateFromJSON`): one sigmoid unit for two classes, one softmax unit per class for more. */
  protected deserializeState(raw: unknown, ctx: ClassifierStateContext): MlpState {
    const k = ctx.nClasses;
    const binary = k === 2;
    return mlpStateFromJSON(raw, ctx, this.params, { units: binary ? 1 : k, why: binary ? 'one sigmoid unit for two classes' : `one softmax unit per class: state.classes has ${k}` }, binary ? 'logistic' : 'softmax');
  }
}

function argmax(a: Float32Array, off: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (a[off + j]! > a[off + best]!) best = j;
  return best;
}

/** Registry entry of {@link MLPClassifier} (name `mlp`). */
export const mlpClassifierSpec: ModelSpec<MLPClassifier> = modelSpec(MLPClassifier, {
  name: 'mlp',
  packageName: '@mlcompare/mlp',
  description: 'Multilayer perceptron (scikit-learn MLPClassifier parameters) trained with Adam/SGD in TensorFlow.js (tfjs-node → wasm → cpu).',
  capabilities: { probabilities: true, needsScaling: true, handlesMissing: false, randomized: true, multiclass: true },
  defaultSpace: mlpDefaultSpace,
});
