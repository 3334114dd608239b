/**
 * `@mlcompare/report`: reads a run folder and renders its reports (Markdown, HTML with charts, CSV,
 * the terminal table) from one summary with the statistical comparisons.
 * @packageDocumentation
 * @module @mlcompare/report
 */
export { loadRun, parseResultsJsonl } from './load.js';
export type { LoadedRun } from './load.js';
export { summarize, describe, rankValues, cliquesWithin, SUMMARY_SCHEMA_VERSION } from './summary.js';
export type { RunSummary, DatasetSummary, ModelRow, TaskComparison, PairTest, Mark, RowStatus, Stat, SummarizeOptions } from './summary.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export type { RenderHtmlOptions } from './html.js';
export { renderCsv, csvField } from './csv.js';
export { renderTerminalSummary } from './terminal.js';
export { writeReports, renderTerminalTable } from './write.js';
export { renderVegaLite, scoreChartSpec, timeChartSpec, cdDiagramSpec, boundaryRowSpec, lossCurveSpec } from './charts.js';
export { escapeHtml, escapeMarkdown, stripControl, formatNumber, formatStat, formatMs, formatP } from './format.js';
export type { FriedmanSummary } from './internal/significance.js';
