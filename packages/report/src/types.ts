/**
 * The layout of `summary.json`: numbers and structured verdicts only, no sentences. The summary
 * (`summary.ts`) fills these types and the renderers (`words.ts`, `markdown.ts`, `html.ts`,
 * `terminal.ts`, `charts.ts`) read them; this module imports none of them, so no import circle
 * can form through it.
 */
import type { JobStatus, RunInfo, Task } from '@mlcompare/core';
import type { Mark, Stat } from './stat-types.js';
import type { TuningSummary } from './tuning-types.js';

/**
 * Version of the layout of {@link RunSummary}. 2: verdicts became structured objects
 * ({@link DatasetVerdict}, {@link TaskVerdict}) instead of English sentences.
 */
export const SUMMARY_SCHEMA_VERSION = 2;

// Stat and Mark live in stat-types.ts so that tuning-types.ts can use them without an import circle.
export type { Mark, Stat } from './stat-types.js';

/** A model compared with another on the folds both finished (corrected resampled t-test). */
export interface PairTest {
  /** Label of the other model. */
  against: string;
  /** Mean of (this − other) over the paired folds, in the primary metric's units. */
  meanDiff: number;
  /** The t statistic; null when infinite (every difference the same non-zero value) or not tested. */
  t: number | null;
  /** Two-sided p-value; null when the test cannot run. */
  pValue: number | null;
  /** Folds both models finished. */
  nPairs: number;
  /** `better` / `worse` at the run's α, `same` otherwise; null when the test cannot run (fewer than 2 paired folds). */
  mark: Mark | null;
}

/** How a model's jobs ended on a dataset, in one word. */
export type RowStatus = 'ok' | 'partial' | 'failed' | 'skipped';

/** A distinct reason why some of a model's jobs did not finish. */
export interface FailureReason {
  /** How those jobs ended. */
  status: Exclude<JobStatus, 'ok'>;
  /** The error recorded by the runner (trimmed); null when it recorded none. */
  message: string | null;
  /** Folds that ended this way with this message. */
  count: number;
}

/** One model (label) on one dataset. */
export interface ModelRow {
  /** The model's label in the suite (unique per run). */
  label: string;
  /** Registry name. */
  model: string;
  /** Class name of the model. */
  className: string;
  /** Parameters given in the suite (a tuned row: the fixed ones, outside the searched space). */
  params: Record<string, unknown>;
  /** A tuned row only: the searched parameters, chosen per outer fold (listed in `RunSummary.tuning`). */
  searched?: string[];
  /** Backend that ran the model, when recorded. */
  backend: string | null;
  /** How its jobs ended. */
  status: RowStatus;
  /** Fold counts by outcome. */
  folds: { total: number; ok: number; error: number; timeout: number; skipped: number };
  /** Distinct reasons of the jobs that did not finish, with how many folds each. */
  reasons: FailureReason[];
  /** Metric → statistics over the finished folds, null where the model cannot give it. */
  metrics: Record<string, Stat | null>;
  /** Training time per fold (ms). */
  fitMs: Stat | null;
  /** Prediction time per fold (ms). */
  predictMs: Stat | null;
  /** Rank by the primary metric (1 = best, ties averaged); null when the model has no value. */
  rank: number | null;
  /** Against the best model (null for the best itself and for models without a value). */
  vsBest: PairTest | null;
  /** Against the baseline model (null for the baseline itself, or when there is none). */
  vsBaseline: PairTest | null;
  /** Significant wins against every other model on this dataset. */
  wins: number;
  /** Comparisons that were not significant. */
  ties: number;
  /** Significant losses. */
  losses: number;
  /** Iterative models: epochs run (mean over folds). */
  epochs: Stat | null;
  /** Iterative models: the stop reasons seen. */
  stopReasons: string[];
}

/**
 * Models grouped by how they compare with one reference model (the best, or the baseline) on the
 * primary metric. A non-significant model whose gap to the reference is at least as large as the
 * gap of a model that *is* significantly different (in the same direction) goes to `tooVariable`:
 * its folds vary too much to tell, and saying "not significant" of it would read against the
 * ranking. Every list is in rank order.
 */
export interface SignificanceGroups {
  /** Significantly different from the reference, in the direction named by the field holding this group. */
  significant: string[];
  /** Not significantly different, and closer to the reference than every significant model. */
  notSignificant: string[];
  /** Not significant, but at least as far from the reference as a significant model. */
  tooVariable: string[];
  /** Fewer than 2 folds paired with the reference: no test. */
  untested: string[];
}

/** Who won on one dataset and whether it matters, as data (the renderers put it in words). */
export interface DatasetVerdict {
  /** Labels sharing the best mean of the primary metric, in rank order; more than one is a tie for best. */
  best: string[];
  /**
   * Why no model could be tested against the best: `single-split` (one split, so no variance),
   * `too-few-paired-folds` (no other model finished 2 folds that the best also finished); null
   * when at least one test ran.
   */
  untestable: 'single-split' | 'too-few-paired-folds' | null;
  /** The other ranked models against the best; `significant` holds the ones significantly worse. */
  vsBest: SignificanceGroups;
  /**
   * The ranked models other than the baseline against it, null without a baseline or with fewer
   * than 2 ranked models. `above` is about beating it (`significant`: significantly better;
   * `notSignificant`: do not significantly beat it) and holds every model with a higher mean;
   * `below` holds the models with a lower or equal mean (`significant`: significantly worse).
   */
  vsBaseline: { above: SignificanceGroups; below: SignificanceGroups } | null;
  /** Models with some folds in error or timeout, in rank order. */
  unfinished: string[];
  /** Models whose every job was skipped. */
  skipped: string[];
}

/** One dataset's leaderboard and significance. */
export interface DatasetSummary {
  /** Dataset name. */
  name: string;
  /** Its task. */
  task: Task;
  /** Rows, from run.json (null when unknown). */
  rows: number | null;
  /** Features, from run.json (null when unknown). */
  features: number | null;
  /** Class labels of a classification dataset, from run.json (null when unknown or regression). */
  classes: Array<string | number> | null;
  /** Where the data came from (bundled name, CSV path, generator), from run.json. */
  source: string | null;
  /** Mean training rows per fold. */
  nTrain: number;
  /** Mean test rows per fold. */
  nTest: number;
  /** Distinct (repeat, fold) splits. */
  splits: number;
  /** Metric that ranks the models. */
  primaryMetric: string;
  /** Metric columns in display order (primary first). */
  metrics: string[];
  /** Sorted by rank; models without a value last. */
  models: ModelRow[];
  /** Label of the first-ranked model (the first of {@link DatasetVerdict.best} on a tie), or null. */
  best: string | null;
  /** Label of the baseline model when it has a value, else null. */
  baseline: string | null;
  /** Column (metric name, `fitMs`, `predictMs`) → labels holding the best mean. */
  bestLabels: Record<string, string[]>;
  /** Who won and whether it matters. */
  verdict: DatasetVerdict;
}

/** What the Friedman test with the Iman–Davenport correction gave. */
export interface FriedmanSummary {
  /** Friedman's χ² statistic. */
  chiSquare: number;
  /** Its degrees of freedom (models − 1). */
  df: number;
  /** p-value of χ². */
  pValue: number;
  /** Null when infinite (every dataset ranks the models identically). */
  imanDavenportF: number | null;
  /** Numerator degrees of freedom of F. */
  df1: number;
  /** Denominator degrees of freedom of F. */
  df2: number;
  /** p-value of F. */
  imanDavenportP: number;
}

/** Each model against the best-ranked one across datasets (Wilcoxon signed-rank, Holm-adjusted). */
export interface WilcoxonVsBest {
  /** The model. */
  label: string;
  /** Raw two-sided p-value; null when every difference is zero. */
  pValue: number | null;
  /** Holm-adjusted p-value. */
  pHolm: number | null;
  /** At the run's α after Holm; null when not testable. */
  mark: Mark | null;
  /**
   * The smallest p-value this test can give with these datasets (every difference on one side);
   * null when not testable. When it is not below α, no outcome could be significant.
   */
  minPValue: number | null;
  /** Whether `minPValue` is below α, i.e. whether the test could reach significance at all. */
  reachable: boolean;
}

/** Why a comparison across datasets is not available. */
export type ComparisonGap = 'too-few-datasets' | 'too-few-models';

/** The across-datasets verdict, as data. */
export interface TaskVerdict {
  /** Whether the Friedman test (Iman–Davenport F) found a difference at α; null when it did not run. */
  modelsDiffer: boolean | null;
  /**
   * When the models differ and a critical difference exists: models whose mean rank is at least
   * CD worse than the best-ranked one (Nemenyi). Null otherwise.
   */
  nemenyiBeaten: string[] | null;
  /** Fewer than {@link TaskVerdict.powerDatasets} datasets: the tests have little power. */
  lowPower: boolean;
  /** Datasets below which the tests are said to have little power (5). */
  powerDatasets: number;
}

/** The comparison across the datasets of one task (Demšar 2006). */
export interface TaskComparison {
  /** The task. */
  task: Task;
  /** The metric compared (the first dataset's primary metric). */
  metric: string;
  /** Datasets of the task. */
  datasets: string[];
  /** Models compared (those with a value on every dataset), sorted by mean rank. */
  models: string[];
  /** Models left out, with the datasets on which they have no value. */
  excluded: Array<{ label: string; missingOn: string[] }>;
  /** Whether there was enough to compare (≥ 2 datasets and ≥ 2 models). */
  available: boolean;
  /** Why not, when not available. */
  unavailable: ComparisonGap | null;
  /** Per model (same order as `models`): mean rank over datasets (1 = best). */
  meanRanks: number[];
  /** ranks[d][m]: the model's rank on dataset d. */
  ranks: number[][];
  /** Friedman test, null when not available. */
  friedman: FriedmanSummary | null;
  /** Significance level. */
  alpha: number;
  /** Nemenyi critical difference of mean ranks, null when not available. */
  criticalDifference: number | null;
  /** Groups of models (by label) whose mean ranks differ by less than the critical difference. */
  cliques: string[][];
  /** Each model against the best-ranked one: Wilcoxon signed-rank over datasets, Holm-adjusted. */
  wilcoxonVsBest: WilcoxonVsBest[];
  /**
   * Datasets the exact Wilcoxon signed-rank test needs before any outcome can be significant at α
   * (the smallest n with 2 / 2ⁿ < α: 6 at α = 0.05).
   */
  wilcoxonMinDatasets: number;
  /** The verdict; null when not available. */
  verdict: TaskVerdict | null;
}

/** `summary.json`. */
export interface RunSummary {
  /** Layout version ({@link SUMMARY_SCHEMA_VERSION}). */
  schema: typeof SUMMARY_SCHEMA_VERSION;
  /** The suite's name, when run.json has one. */
  suiteName: string | null;
  /** Significance level used for every mark. */
  alpha: number;
  /** Jobs by outcome. */
  counts: { jobs: number; ok: number; error: number; timeout: number; skipped: number };
  /** One per dataset, in run order. */
  datasets: DatasetSummary[];
  /** One per task with datasets. */
  comparisons: TaskComparison[];
  /** The environment: run.json without the resolved suite (null when there is none). */
  environment: Omit<RunInfo, 'suite'> | null;
  /** Problems met while reading the run (torn last line, …), as the loader wrote them. */
  warnings: string[];
  /**
   * Tuned models (nested cross-validation): against their defaults, optimism, anytime curves and
   * the chosen parameters; the inner trials are counted here and nowhere else. Null without tuning.
   */
  tuning: TuningSummary | null;
}

/** Options of `summarize`. */
export interface SummarizeOptions {
  /** Significance level for every test. @defaultValue 0.05 */
  alpha?: number;
  /** Registry name or label of the baseline model. @defaultValue 'dummy' */
  baseline?: string;
  /** Warnings from `loadRun` to carry into the summary. */
  warnings?: string[];
}
