/**
 * The layout of `summary.json`: numbers and structured verdicts only, no sentences. The summary
 * (`summary.ts`) fills these types and the renderers (`words.ts`, `markdown.ts`, `html.ts`,
 * `terminal.ts`, `charts.ts`) read them; this module imports none of them, so no import circle
 * can form through it.
 */
import type { AutoRankWarning, EffectMagnitude, EffectSizeMeasure, JobStatus, OmnibusReason, OmnibusTest, RopeSetting, RunInfo, ScaleTarget, Task } from '@mlcompare/core';
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
  /** Each model against the best by the Bayesian correlated t-test; null when there is nothing to compare (fewer than 2 ranked models). */
  bayes: DatasetBayes | null;
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
  /**
   * Whether the test could reach significance at all after Holm: both `minPValue` and m × the
   * smallest `minPValue` of the m tests (below which Holm puts no adjusted p-value) are below α.
   */
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
   * after Holm's correction over the m tests against the best (the smallest n with m · 2 / 2ⁿ < α:
   * 6 at α = 0.05 for one test, 7 for two, 8 for three to six).
   */
  wilcoxonMinDatasets: number;
  /** The verdict; null when not available. */
  verdict: TaskVerdict | null;
  /** Bayesian signed-rank tests between the best-ranked models; null when not available. */
  bayes: TaskBayes | null;
  /** The frequentist test chosen for the data, after autorank, with effect sizes; null when not available (see {@link TaskComparison.autorankGap}). */
  autorank: AutoRankSummary | null;
  /**
   * Why {@link TaskComparison.autorank} is null: fewer than 3 datasets, every model scoring the same
   * on every dataset, or more than {@link MAX_AUTORANK_MODELS} models (its pairwise post-hoc tests).
   */
  autorankGap: 'too-few-datasets' | 'no-variation' | 'too-many-models' | null;
}

/** Models whose regression target was standardised inside each fold, per dataset (`summary.json`). */
export interface TargetScaling {
  /** The suite's `scaleTarget`; null when `run.json` does not record it (a run made before it existed). */
  setting: ScaleTarget | null;
  /** Per regression dataset, the labels of the models whose target was standardised (datasets with none are left out). */
  scaled: Array<{ dataset: string; labels: string[] }>;
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
  /**
   * Problems met while reading the run (torn last line, …), as the loader wrote them, and training
   * that stopped at its iteration limit, with the option that raises it.
   */
  warnings: string[];
  /** Which models had their regression target standardised inside each fold (absent before it was recorded). */
  targetScaling?: TargetScaling;
  /** The ROPE setting the Bayesian comparisons used (the option, else run.json's, else `'auto'`). */
  rope: RopeSetting;
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
  /**
   * The region of practical equivalence of the Bayesian comparisons, instead of the one run.json
   * records (see core's `RopeSetting`). @defaultValue run.json's `suite.rope`, else `'auto'`
   */
  rope?: RopeSetting;
  /** Posterior samples of each Bayesian signed-rank test across datasets. @defaultValue 50000 */
  bayesSamples?: number;
}

/**
 * The ROPE as applied to one metric: `fixed` with its half-width in the metric's units, or
 * `autorank` (a tenth of the pooled spread of each pair, so each pair records its own).
 */
export interface RopeUse {
  /** The setting it comes from. */
  setting: RopeSetting;
  /** `fixed`: one half-width for every pair; `autorank`: a tenth of each pair's pooled spread. */
  mode: 'fixed' | 'autorank';
  /** The half-width when `fixed`, else null. */
  value: number | null;
}

/**
 * What a Bayesian comparison makes most probable: one outcome with a posterior probability above ½,
 * or `uncertain` when none has. With a probability above ½, `equivalent` means the mean difference
 * lies within the ROPE and `worse` that it lies beyond it, so the words follow the ranking.
 */
export type BayesOutcome = 'better' | 'equivalent' | 'worse' | 'uncertain';

/** A model against a reference model by a Bayesian test: posterior probabilities, in the model's favour first. */
export interface BayesProbabilities {
  /** P(the model is better than the reference by more than the ROPE). */
  better: number;
  /** P(the two are practically equivalent: the difference lies within the ROPE). */
  equivalent: number;
  /** P(the model is worse than the reference by more than the ROPE). */
  worse: number;
  /** The ROPE's half-width used for this pair, in the metric's units. */
  rope: number;
}

/** One model against the best on a dataset (Bayesian correlated t-test, Corani & Benavoli 2015). */
export interface BayesPair extends BayesProbabilities {
  /** The model. */
  label: string;
  /** Mean of (model − best) over the paired folds, in the metric's units. */
  meanDiff: number;
  /** Scale of the Student-t posterior of the mean difference. */
  scale: number;
  /** Folds both finished. */
  nPairs: number;
  /** The most probable outcome (above ½), else `uncertain`. */
  outcome: BayesOutcome;
}

/** The Bayesian comparison with the best on one dataset. */
export interface DatasetBayes {
  /** The reference: the first-ranked model. */
  reference: string;
  /** The ROPE. */
  rope: RopeUse;
  /** ρ of the Nadeau–Bengio correction: the test share of the rows, nTest / (nTrain + nTest). */
  testFraction: number;
  /** Every other ranked model with at least 2 folds paired with the reference, in rank order. */
  pairs: BayesPair[];
  /** Ranked models with fewer than 2 paired folds (or a single split): no test. */
  untested: string[];
}

/** One model against the best-ranked one across datasets (Bayesian signed-rank test). */
export interface TaskBayesPair extends BayesProbabilities {
  /** The model. */
  label: string;
  /** The exact posterior expectation of θ (probabilities of better, equivalent, worse on a new dataset). */
  expected: { better: number; equivalent: number; worse: number };
  /** The seed of this pair's Monte Carlo sample (derived from the run's seed and the two labels). */
  seed: number;
  /** Whether the sample was drawn with this model as x (else the best was x, and the probabilities are mirrored). */
  modelFirst: boolean;
  /** The most probable outcome (above ½), else `uncertain`. */
  outcome: BayesOutcome;
}

/** Bayesian signed-rank tests (Benavoli et al. 2014/2017) among the best-ranked models across datasets. */
export interface TaskBayes {
  /** The ROPE. */
  rope: RopeUse;
  /** The run's seed, from which each pair's seed derives: the same seed gives the same probabilities, with 1 or N workers. */
  seed: number;
  /** Posterior samples per pair. */
  nSamples: number;
  /** The models compared, best mean rank first (at most {@link MAX_BAYES_MODELS}). */
  models: string[];
  /** Models of the comparison left out of the matrix. */
  leftOut: number;
  /** matrix[i][j]: models[i] against models[j]; null on the diagonal. */
  matrix: Array<Array<BayesProbabilities | null>>;
  /** Every other model against models[0] (the best mean rank), in order; the triangle plots draw these. */
  vsBest: TaskBayesPair[];
}

/** Most models of a comparison the automatic test choice runs on (Tukey's HSD tests every pair). */
export const MAX_AUTORANK_MODELS = 100;

/**
 * Most models the Bayesian signed-rank matrix compares (the best mean ranks): 28 pairs of 50,000
 * samples, about 1 s with 10 datasets (`benchmarks/perf/report-bayes.ts`), and a table still readable.
 */
export const MAX_BAYES_MODELS = 8;

/** The frequentist test autorank chooses for the data (Herbold 2020), with effect sizes against the best. */
export interface AutoRankSummary {
  /** Family-wise α. */
  alpha: number;
  /** Shapiro–Wilk per model at α / models (Bonferroni): the models whose scores are not normal. */
  normality: { alpha: number; notNormal: string[] };
  /** Bartlett (all normal) or Levene (otherwise). */
  homogeneity: { test: 'bartlett' | 'levene'; pValue: number; equalVariances: boolean };
  /** The omnibus test chosen, and why. */
  omnibus: { test: OmnibusTest; because: OmnibusReason; statistic: number; pValue: number; significant: boolean };
  /** Tukey's HSD or Nemenyi's CD after the omnibus test (null for two models): pairs found different. */
  posthoc: { test: 'tukeyHsd' | 'nemenyi'; criticalDifference: number | null; different: Array<[string, string]> } | null;
  /** What `center` holds. */
  centralTendency: 'mean' | 'median';
  /** The effect size measure. */
  effectSize: EffectSizeMeasure;
  /** Models best first: mean rank, center, spread, effect size against the best (null when infinite) and its magnitude. */
  ranking: Array<{ label: string; meanRank: number; center: number; spread: number; effectSize: number | null; magnitude: EffectMagnitude }>;
  /** Notes on the input. */
  warnings: AutoRankWarning[];
}
