/**
 * `@mlcompare/datasets`: the bundled data sets with their reference folds and scikit-learn's scores
 * on them, a CSV loader that infers column types, and seeded generators (scikit-learn's `make_*`).
 * @packageDocumentation
 * @module @mlcompare/datasets
 */
export type { Dataset, FeatureType, DataSummary, ColumnSummary } from './dataset.js';
export { datasetsDir, listDatasets, loadDataset, loadFolds, type DatasetInfo } from './bundled.js';
export {
  referenceData,
  referenceCrossValidate,
  referenceScores,
  referenceTimes,
  type ReferenceData,
  type ReferenceCrossValidateOptions,
  type ReferenceScores,
  type ReferenceTimes,
} from './reference.js';
export {
  loadCsv,
  DEFAULT_MISSING_TOKENS,
  MAX_INFERRED_CLASSES,
  IDENTIFIER_DISTINCT_SHARE,
  MIN_IDENTIFIER_DISTINCT,
  MAX_NON_NUMBER_SHARE,
  CSV_DELIMITERS,
  type CsvDelimiter,
  type LoadCsvOptions,
} from './csv.js';
export { formatSummary } from './summary.js';
export {
  makeLine,
  makeMoons,
  makeCircles,
  makeBlobs,
  makeClassification,
  makeRegression,
  makeFriedman1,
  generators,
  generateDataset,
  parseGeneratorRef,
  type GeneratorSpec,
  type MakeLineParams,
  type MakeMoonsParams,
  type MakeCirclesParams,
  type MakeBlobsParams,
  type MakeClassificationParams,
  type MakeRegressionParams,
  type MakeFriedman1Params,
} from './generators.js';
