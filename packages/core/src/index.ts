/**
 * `@mlcompare/core`: the model contract, parameters, errors, seeded randomness, `Matrix`,
 * preprocessing, metrics, splitters, statistical tests and the results schema that every other
 * mlcompare package builds on. It imports no other package of ours.
 *
 * The conformance suite for model packages is at `@mlcompare/core/testing`; kernels shared by our
 * own packages (WebAssembly SIMD, scikit-learn's tree random stream) are at
 * `@mlcompare/core/internal`, outside this surface.
 * @packageDocumentation
 * @module @mlcompare/core
 */
export {
  MlcompareError,
  ParameterError,
  InputError,
  NotFittedError,
  SerializationError,
  DataError,
  ConfigError,
  FitError,
  formatValue,
} from './errors.js';
export { Rng, deriveSeed } from './rng.js';
export {
  Matrix,
  toMatrix,
  toLabels,
  toTarget,
  uniqueSorted,
  type MatrixLike,
  type Label,
  type Labels,
  type LabelsLike,
  type ToMatrixOptions,
} from './matrix.js';
export {
  int,
  float,
  bool,
  oneOf,
  intArray,
  nullValue,
  union,
  seedParam,
  resolveParams,
  parseParamValue,
  formatParamValue,
  type ParamDecl,
  type ParamSpecs,
  type ParamsOf,
  type ParamOptions,
} from './params.js';
export {
  BaseModel,
  BaseClassifier,
  BaseRegressor,
  isClassifier,
  restoreModel,
  argmaxRows,
  float64FromJSON,
  matrixToJSON,
  matrixFromJSON,
  type Task,
  type TrainingHistory,
  type ModelJSON,
  type Model,
  type Classifier,
  type Regressor,
  type ModelClass,
  type ClassifierFitted,
  type FittedCommon,
} from './model.js';
export { findModel, type Capabilities, type ModelSpec } from './registry.js';
export { DummyClassifier, DummyRegressor, dummyModels, type DummyClassifierParams, type DummyRegressorParams } from './dummy.js';
export {
  accuracyScore,
  balancedAccuracyScore,
  precisionScore,
  recallScore,
  f1Score,
  confusionMatrix,
  logLoss,
  rocAucScore,
  r2Score,
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsoluteError,
  type Average,
  type PrfOptions,
  type ScoresLike,
  type ProbaMetricOptions,
} from './metrics.js';
export {
  KFold,
  StratifiedKFold,
  RepeatedKFold,
  RepeatedStratifiedKFold,
  holdoutSplit,
  trainTestSplit,
  predefinedSplits,
  HoldoutSplit,
  PredefinedSplit,
  type Fold,
  type SplitData,
  type Splitter,
  type KFoldOptions,
  type RepeatedKFoldOptions,
  type HoldoutOptions,
  type TrainTestSplit,
  type SplitsJSON,
} from './resampling.js';
export {
  friedmanTest,
  nemenyiCriticalDifference,
  nemenyiQ,
  correctedResampledTTest,
  wilcoxonSignedRank,
  holmCorrection,
  rankAverage,
  type FriedmanResult,
  type TTestResult,
  type WilcoxonResult,
} from './stats.js';
export {
  StandardScaler,
  MinMaxScaler,
  SimpleImputer,
  OneHotEncoder,
  Pipeline,
  BaseTransformer,
  restoreTransformer,
  type Transformer,
  type TransformerJSON,
  type StandardScalerParams,
  type MinMaxScalerParams,
  type SimpleImputerParams,
  type OneHotEncoderParams,
  type PipelineParams,
} from './preprocessing.js';
export {
  RESULTS_SCHEMA_VERSION,
  METRICS,
  DEFAULT_METRICS,
  type JobStatus,
  type JobResult,
  type DecisionBoundary,
  type MetricInfo,
  type RunInfo,
} from './results.js';
