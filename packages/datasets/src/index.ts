export type { Dataset, FeatureType, DataSummary, ColumnSummary } from './dataset.js';
export { datasetsDir, listDatasets, loadDataset, loadFolds, type DatasetInfo, type Fold } from './bundled.js';
export {
  loadCsv,
  detectDelimiter,
  DEFAULT_MISSING_TOKENS,
  MAX_INFERRED_CLASSES,
  IDENTIFIER_DISTINCT_SHARE,
  MIN_IDENTIFIER_DISTINCT,
  type LoadCsvOptions,
} from './csv.js';
export { formatSummary } from './summary.js';
