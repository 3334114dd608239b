export { loadRun } from './load.js';
export type { LoadedRun } from './load.js';
export { summarize } from './summary.js';
export { SUMMARY_SCHEMA_VERSION, MAX_BAYES_MODELS, MAX_AUTORANK_MODELS } from './types.js';
export type {
  RunSummary,
  DatasetSummary,
  DatasetVerdict,
  SignificanceGroups,
  ModelRow,
  FailureReason,
  TaskComparison,
  TaskVerdict,
  ComparisonGap,
  WilcoxonVsBest,
  FriedmanSummary,
  PairTest,
  Mark,
  RowStatus,
  Stat,
  SummarizeOptions,
  TargetScaling,
  RopeUse,
  BayesOutcome,
  BayesProbabilities,
  BayesPair,
  DatasetBayes,
  TaskBayes,
  TaskBayesPair,
  AutoRankSummary,
} from './types.js';
export type { TuningSummary, TunedModelSummary, TunedVsDefault, Optimism, AnytimePoint, ChosenFold, ParamStability, InnerTrialCounts } from './tuning-types.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export type { RenderHtmlOptions } from './html.js';
export { renderCsv, csvField } from './csv.js';
export { renderTerminalSummary } from './terminal.js';
export { writeReports, renderTerminalTable } from './write.js';
export { renderVegaLite, scoreChartSpec, timeChartSpec, cdDiagramSpec, boundaryRowSpec, lossCurveSpec } from './charts.js';
export { escapeHtml, escapeMarkdown, stripControl } from './escape.js';
export { shortName } from './names.js';
export { costCurveSpec, costCurveTable, costSlopeTable, logLogSlope, durationLabel, rowsLabel } from './cost-curve.js';
export type { CostPoint, CostSide, CostCurveChartOptions } from './cost-curve.js';
