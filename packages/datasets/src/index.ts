export type { Dataset, FeatureType, DataSummary, ColumnSummary } from './dataset.js';
export { datasetsDir, listDatasets, loadDataset, loadFolds, type DatasetInfo, type Fold } from './bundled.js';
export { loadCsv, type LoadCsvOptions } from './csv.js';
