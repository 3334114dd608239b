/**
 * The tuning part of `summary.json` ({@link TuningSummary}): numbers only, no sentences. Filled by
 * `tuning.ts`, worded by `tuning-words.ts`, drawn by `tuning-section.ts`. Like `types.ts`, this
 * module imports none of them.
 */
import type { Task, TuneBudget, TuneStrategy } from '@mlcompare/core';
import type { Mark, Stat } from './stat-types.js';

/** How the inner trials of a run ended (they are counted here, never among the run's jobs). */
export interface InnerTrialCounts {
  /** Inner trial lines read. */
  total: number;
  /** Trials that finished. */
  ok: number;
  /** Trials that failed. */
  error: number;
  /** Trials that ran out of time. */
  timeout: number;
  /** Trials that were skipped. */
  skipped: number;
}

/**
 * A tuned model against its family's default configuration on the same outer folds: the
 * difference tuned − default in the primary metric with the corrected resampled t-test
 * (Nadeau & Bengio 2003) and its confidence interval, mean ± t(1 − α/2, k − 1) · corrected standard error.
 */
export interface TunedVsDefault {
  /** Label of the default row (the family's entry with no parameters given). */
  default: string;
  /** The primary metric of the dataset, in which both scores are given. */
  metric: string;
  /** The tuned model's outer score (its leaderboard cell). */
  tunedScore: Stat | null;
  /** The default model's outer score. */
  defaultScore: Stat | null;
  /** Outer folds both finished. */
  nPairs: number;
  /** Mean of (tuned − default) over the paired folds; null with no paired fold. */
  meanDiff: number | null;
  /** Lower end of the interval; null with fewer than 2 paired folds. */
  lower: number | null;
  /** Upper end of the interval; null with fewer than 2 paired folds. */
  upper: number | null;
  /** Confidence of the interval, 1 − α. */
  confidence: number;
  /** The t statistic; null when infinite or not tested. */
  t: number | null;
  /** Two-sided p-value; null with fewer than 2 paired folds. */
  pValue: number | null;
  /** Tuned `better` / `worse` than the default at α, `same` otherwise; null when not tested. */
  mark: Mark | null;
}

/**
 * How much the non-nested estimate flatters the model: the mean best inner score (what a search
 * without an outer loop would report) against the mean outer score of the same folds, in the
 * search metric. Oriented so that a positive value is optimism whatever the metric's direction
 * (inner − outer for a score, outer − inner for a loss).
 */
export interface Optimism {
  /** The metric the search maximised (its own units). */
  metric: string;
  /** Mean over outer folds of the chosen configuration's mean inner score. */
  meanBestInner: number;
  /** Mean over the same outer folds of the outer test score. */
  meanOuter: number;
  /** meanBestInner − meanOuter for a higher-is-better metric, the opposite for a loss. */
  optimism: number;
  /** Outer folds with both numbers. */
  folds: number;
}

/** One point of an anytime curve: the mean over outer folds after a number of evaluations. */
export interface AnytimePoint {
  /** Candidate configurations evaluated so far. */
  evaluations: number;
  /** Mean CPU seconds the inner trials had used by then. */
  cpuSeconds: number;
  /** Mean best-so-far mean inner score (search metric). */
  best: number;
  /** Outer folds averaged (those with a score by then). */
  folds: number;
}

/** The configuration chosen on one outer fold. */
export interface ChosenFold {
  /** Repeat index. */
  repeat: number;
  /** Outer fold index. */
  fold: number;
  /** The searched parameters' chosen values (parameters outside the space are left out). */
  params: Record<string, unknown>;
  /** Mean inner score of that choice (never the model's score). */
  bestInnerScore: number | null;
  /** Candidates evaluated on that fold. */
  evaluations: number;
}

/** How stable one searched parameter's choice is across the outer folds. */
export interface ParamStability {
  /** Parameter name. */
  name: string;
  /** The value chosen most often (the first seen in fold order on a tie). */
  mostFrequent: unknown;
  /** Outer folds that chose it. */
  count: number;
  /** Outer folds with a choice. */
  folds: number;
  /** Distinct values chosen. */
  distinct: number;
  /** Smallest and largest value chosen, when every chosen value is a number (else null). */
  range: [number, number] | null;
}

/** One tuned model (label) on one dataset. */
export interface TunedModelSummary {
  /** Dataset name (as the leaderboard shows it). */
  dataset: string;
  /** The dataset's task. */
  task: Task;
  /** The tuned row's label (`knn (tuned)`). */
  label: string;
  /** Registry name of the family. */
  model: string;
  /** Search strategy. */
  strategy: TuneStrategy;
  /** Budget per outer fold. */
  budget: TuneBudget;
  /** Inner folds of each outer training fold. */
  innerFolds: number;
  /** The metric the search maximised. */
  metric: string;
  /** Outer jobs of this model that finished with a tuning record. */
  outerFolds: number;
  /** Candidates evaluated per outer fold. */
  evaluations: Stat | null;
  /** CPU seconds of the inner trials per outer fold. */
  cpuSeconds: Stat | null;
  /** Against the family's default configuration; null when the run has no default row of the family. */
  vsDefault: TunedVsDefault | null;
  /** Optimism of the non-nested estimate; null when no fold has both numbers. */
  optimism: Optimism | null;
  /**
   * Mean best-so-far inner score after 1, 2, … evaluations, up to the fewest evaluations any
   * outer fold made (so every point averages the same folds).
   */
  anytime: AnytimePoint[];
  /** Fewest and most evaluations of an outer fold (equal under an evaluation budget). */
  evaluationRange: [number, number] | null;
  /** The chosen configuration per outer fold, in (repeat, fold) order. */
  chosen: ChosenFold[];
  /** Per searched parameter, how often its most frequent value was chosen. */
  stability: ParamStability[];
}

/** The tuning part of `summary.json`; null in a run with no tuned model. */
export interface TuningSummary {
  /** Inner trial lines, by outcome: they are not among the run's jobs. */
  innerTrials: InnerTrialCounts;
  /** Confidence of the tuned-vs-default intervals (1 − α). */
  confidence: number;
  /** One per dataset × tuned label, in dataset order then leaderboard order. */
  models: TunedModelSummary[];
}
