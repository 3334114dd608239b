/**
 * `MLPRegressor`: a multilayer perceptron with a linear output unit and squared-error loss,
 * trained in TensorFlow.js, after scikit-learn's `MLPRegressor`.
 */
import { BaseRegressor, restoreModel, type Matrix, type ModelSpec, type StateContext, type TrainingHistory, modelSpec } from '@mlcompare/core';
import { checkNetworkSize, copyHistory, fitMlp, mlpStateFromJSON, mlpStateToJSON, runMlp, targetToFloat32, toFloat32, type MlpState } from './internal/fit.js';
import { mlpParamSpec, type MLPParams } from './params.js';
import { mlpDefaultSpace } from './default-space.js';

/** Parameters of {@link MLPRegressor} (see {@link mlpParamSpec} for each one's rule and default). */
export type MLPRegressorParams = MLPParams;

/**
 * Multilayer perceptron regressor (scikit-learn's `MLPRegressor`, in TensorFlow.js): loss
 * ½·mean((y − ŷ)²) + L2. Inputs should be standardised; like scikit-learn, the target is not
 * rescaled.
 *
 * @example
 * ```ts
 * const reg = new MLPRegressor({ hiddenLayerSizes: [32], maxIter: 500, seed: 1 });
 * await reg.fit([[0], [1], [2], [3]], [0, 2, 4, 6]);
 * console.log(await reg.predict([[1.5]]), reg.history?.stopReason);
 * ```
 */
export class MLPRegressor extends BaseRegressor<typeof mlpParamSpec, MlpState> {
  static readonly modelName = 'MLPRegressor';
  static readonly stateVersion = 1;
  static readonly paramSpec = mlpParamSpec;

  /**
   * @param params - hyper-parameters; missing ones take scikit-learn's defaults.
   * @throws {@link @mlcompare/core!ParameterError | ParameterError} for an unknown name or a value that breaks its rule.
   */
  constructor(params: Partial<MLPRegressorParams> = {}) {
    super(MLPRegressor.modelName, mlpParamSpec, params);
    // The hidden layers can be too large whatever the data (one input and one output at least): say so before any fit.
    checkNetworkSize([1, ...this.params.hiddenLayerSizes, 1], this.modelName, 'even with one input and one output, the layers');
  }

  /** Rebuilds a regressor from {@link MLPRegressor.toJSON}'s output. */
  static fromJSON(json: unknown): MLPRegressor {
    return restoreModel(MLPRegressor, json);
  }

  /**
   * The TensorFlow.js backend this model last ran on (`tensorflow`, `wasm`, `cpu`): the one it
   * was fitted on, until a prediction runs elsewhere (a model read from JSON on a machine
   * without that backend; {@link MLPRegressor.notes} then says so); the `backend` parameter before fit.
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

  /** Loss per epoch, validation R² per epoch (early stopping), epochs run and why training stopped; undefined before fit. */
  override get history(): TrainingHistory | undefined {
    return this.isFitted ? copyHistory(this.fitted('history').inner.history) : undefined;
  }

  protected async fitTarget(X: Matrix, y: Float64Array): Promise<MlpState> {
    const score = (out: Float32Array, rows: Int32Array): number => {
      // R², as scikit-learn's RegressorMixin.score.
      let mean = 0;
      for (let i = 0; i < rows.length; i++) mean += y[rows[i]!]!;
      mean /= rows.length;
      let ssRes = 0;
      let ssTot = 0;
      for (let i = 0; i < rows.length; i++) {
        const t = y[rows[i]!]!;
        ssRes += (t - out[i]!) ** 2;
        ssTot += (t - mean) ** 2;
      }
      return ssTot === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot;
    };
    return fitMlp(this.params, toFloat32(X, `${this.modelName}.fit`), X.rows, X.cols, targetToFloat32(y, `${this.modelName}.fit`), 1, 'identity', undefined, score, this.modelName);
  }

  protected async predictValues(X: Matrix, s: MlpState): Promise<Float64Array> {
    return Float64Array.from(await runMlp(this.params, s, X, this.modelName));
  }

  protected serializeState(s: MlpState): unknown {
    return mlpStateToJSON(s);
  }

  /** Reads the network (see `mlpStateFromJSON`): one identity output unit. */
  protected deserializeState(raw: unknown, ctx: StateContext): MlpState {
    return mlpStateFromJSON(raw, ctx, this.params, { units: 1, why: 'one identity output unit for regression' }, 'identity');
  }
}

/** Registry entry of {@link MLPRegressor} (name `mlp`). */
export const mlpRegressorSpec: ModelSpec<MLPRegressor> = modelSpec(MLPRegressor, {
  name: 'mlp',
  packageName: '@mlcompare/mlp',
  description: 'Multilayer perceptron (scikit-learn MLPRegressor parameters) trained with Adam/SGD in TensorFlow.js (tfjs-node → wasm → cpu).',
  capabilities: { probabilities: false, needsScaling: true, handlesMissing: false, randomized: true },
  defaultSpace: mlpDefaultSpace,
});
