/**
 * The automatic choice of frequentist test after autorank (S. Herbold, "Autorank: A Python package for
 * automated ranking of classifiers", JOSS 5(48), 2020; its `autorank` function and `_util.py` at
 * commit 10b65d3 for the decision rules): check each model's scores for normality (Shapiro–Wilk with
 * a Bonferroni-corrected α), then the homogeneity of variances (Bartlett if all are normal, else
 * Levene), then compare — two models with the paired t-test (all normal) or the Wilcoxon signed-rank
 * test; more with the repeated-measures ANOVA and Tukey's HSD (all normal and equal variances) or the
 * Friedman test and Nemenyi's critical difference — and report effect sizes against the best model
 * (Cohen's d for normal data, Akinshin's γ otherwise) with their magnitudes. Every decision is returned
 * as data (enum values), so a report can say which path was taken and why.
 */
import { InputError, formatValue } from './errors.js';
import { bartlett, levene, pairedTTest, rmAnova, shapiroWilk, tukeyHsd, type TukeyPair } from './stat-tests.js';
import { friedmanTest, nemenyiCriticalDifference, rankAverage, wilcoxonSignedRank } from './stats.js';
import { mad, meanOf, median, pooledMad, pooledSd, sampleVariance } from './internal/describe.js';
import { toFiniteArray } from './internal/validate.js';

/** An effect-size measure: Cohen's d (normal data) or Akinshin's γ (its median/MAD analogue). */
export type EffectSizeMeasure = 'cohenD' | 'akinshinGamma';

/** Magnitude of an effect size (Cohen's thresholds 0.2 / 0.5 / 0.8 on |d| or |γ|, as autorank). */
export type EffectMagnitude = 'negligible' | 'small' | 'medium' | 'large';

/**
 * Cohen's d of two samples: (mean(x) − mean(y)) / pooled SD, the pooled SD
 * √(((n_x − 1)s_x² + (n_y − 1)s_y²)/(n_x + n_y − 2)) (autorank's `_cohen_d`). With a pooled SD of 0,
 * d is 0 for equal means and ±Infinity otherwise.
 * @param x - the first sample (at least 2 values).
 * @param y - the second sample (at least 2 values).
 * @returns d (positive when x has the larger mean).
 * @throws {@link InputError} for samples that are not finite numbers or shorter than 2.
 * @example
 * ```ts
 * cohenD([0.8, 0.82, 0.84], [0.79, 0.8, 0.83]); // 0.6531…
 * ```
 */
export function cohenD(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = toFiniteArray(x, 'x', 'cohenD', 2);
  const b = toFiniteArray(y, 'y', 'cohenD', 2);
  return ratio(meanOf(a) - meanOf(b), pooledSd(a, b));
}

/**
 * Akinshin's γ, a nonparametric Cohen's d (A. Akinshin, "Nonparametric Cohen's d-consistent effect
 * size", 2020; autorank's `_akinshin_gamma`): (median(x) − median(y)) / pooled MAD, each MAD scaled by
 * 1.4826 so that it estimates the SD of normal data. With a pooled MAD of 0, γ is 0 for equal medians
 * and ±Infinity otherwise.
 * @param x - the first sample (at least 2 values).
 * @param y - the second sample (at least 2 values).
 * @returns γ (positive when x has the larger median).
 * @throws {@link InputError} for samples that are not finite numbers or shorter than 2.
 * @example
 * ```ts
 * akinshinGamma([0.8, 0.82, 0.84, 0.9], [0.79, 0.8, 0.83, 0.81]); // 1.0664…
 * ```
 */
export function akinshinGamma(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const a = toFiniteArray(x, 'x', 'akinshinGamma', 2);
  const b = toFiniteArray(y, 'y', 'akinshinGamma', 2);
  return ratio(median(a) - median(b), pooledMad(a, b));
}

/**
 * The magnitude word of an effect size, as autorank's `_effect_level` for Cohen's d and Akinshin's γ:
 * |e| < 0.2 negligible, < 0.5 small, < 0.8 medium, else large.
 * @param effect - an effect size (its sign is ignored); not NaN.
 * @returns `'negligible'`, `'small'`, `'medium'` or `'large'`.
 * @throws {@link InputError} for NaN or a non-number.
 * @example
 * ```ts
 * effectMagnitude(-0.55); // 'medium'
 * ```
 */
export function effectMagnitude(effect: number): EffectMagnitude {
  if (typeof effect !== 'number' || Number.isNaN(effect)) {
    throw new InputError(`Argument 'effect' passed to 'effectMagnitude' must be a number (not NaN), but got ${formatValue(effect)}.`);
  }
  const e = Math.abs(effect);
  return e < 0.2 ? 'negligible' : e < 0.5 ? 'small' : e < 0.8 ? 'medium' : 'large';
}

/** Options of {@link autoRank}. */
export interface AutoRankOptions {
  /** Family-wise significance level, in (0, 1). @defaultValue 0.05 */
  alpha?: number;
  /** Whether higher scores are better (accuracy) or lower (losses); autorank's `order`. @defaultValue true */
  higherIsBetter?: boolean;
}

/** The omnibus test chosen. */
export type OmnibusTest = 'pairedTTest' | 'wilcoxon' | 'rmAnova' | 'friedman';

/** Why the omnibus test was chosen. */
export type OmnibusReason =
  /** Two models, both normal: paired t-test. */
  | 'twoModelsNormal'
  /** Two models, at least one not normal: Wilcoxon signed-rank test. */
  | 'twoModelsNotNormal'
  /** More than two models, all normal, equal variances: repeated-measures ANOVA. */
  | 'normalEqualVariances'
  /** More than two models, at least one not normal: Friedman test. */
  | 'notAllNormal'
  /** More than two models, all normal but unequal variances: Friedman test. */
  | 'unequalVariances';

/** One decision of {@link autoRank}, in the order taken. */
export type AutoRankStep =
  | { step: 'normality'; test: 'shapiroWilk'; alpha: number; allNormal: boolean; notNormal: number[] }
  | { step: 'homogeneity'; test: 'bartlett' | 'levene'; because: 'allNormal' | 'notAllNormal'; alpha: number; pValue: number; equalVariances: boolean }
  | { step: 'omnibus'; test: OmnibusTest; because: OmnibusReason; alpha: number; pValue: number; significant: boolean }
  | { step: 'posthoc'; test: 'tukeyHsd' | 'nemenyi' }
  | { step: 'effectSize'; measure: EffectSizeMeasure; because: 'allNormal' | 'notAllNormal' };

/** A model's row of {@link AutoRankResult.ranking}. */
export interface RankedModel {
  /** Column index of the model in the input. */
  model: number;
  /** Mean rank over the rows (1 = best). */
  meanRank: number;
  /** Mean (all normal) or median (otherwise) of its scores. */
  center: number;
  /** Standard deviation, ddof 1 (all normal) or unscaled MAD (otherwise). */
  spread: number;
  /** Effect size against the best model (0 for the best; positive when the best is better). */
  effectSize: number;
  /** Its magnitude. */
  magnitude: EffectMagnitude;
}

/** Tukey's HSD after the repeated-measures ANOVA. */
export interface TukeyPosthoc {
  /** Which post-hoc test. */
  test: 'tukeyHsd';
  /** Per pair of models (by column index), with `significant` = pValue < α. */
  pairs: Array<TukeyPair & { significant: boolean }>;
}

/** Nemenyi's critical difference after the Friedman test. */
export interface NemenyiPosthoc {
  /** Which post-hoc test. */
  test: 'nemenyi';
  /** CD = q_α √(k(k + 1)/(6N)), in mean ranks. */
  criticalDifference: number;
  /** Per pair of models (i < j): the difference of mean ranks and whether it exceeds CD. */
  pairs: Array<{ i: number; j: number; rankDifference: number; significant: boolean }>;
}

/** A note on the input, as data. */
export type AutoRankWarning =
  /** Fewer than 5 rows: autorank refuses these; the tests run but have little power. */
  | 'fewSamples'
  /** A model scored the same on every row: Shapiro–Wilk is undefined, it counts as normal (scipy's W = 1, p = 1). */
  | 'constantModel';

/** Result of {@link autoRank}. */
export interface AutoRankResult {
  /** Number of columns (models). */
  nModels: number;
  /** Number of rows (data sets or folds). */
  nSamples: number;
  /** The family-wise significance level used. */
  alpha: number;
  /** α / nModels, the level of each Shapiro–Wilk test (Bonferroni). */
  alphaNormality: number;
  /** Shapiro–Wilk per model, in input order (`constant`: all values equal, counted as normal). */
  normality: Array<{ statistic: number; pValue: number; normal: boolean; constant: boolean }>;
  /** Whether every model passed Shapiro–Wilk at `alphaNormality`. */
  allNormal: boolean;
  /** Bartlett (all normal) or Levene (otherwise): equal variances when pValue ≥ α. */
  homogeneity: { test: 'bartlett' | 'levene'; statistic: number; pValue: number; equalVariances: boolean };
  /** The test of any difference (for two models, the pairwise test itself); significant when pValue < α. */
  omnibus: { test: OmnibusTest; statistic: number; pValue: number; significant: boolean };
  /** Undefined for two models (the omnibus test is the pairwise test). */
  posthoc: TukeyPosthoc | NemenyiPosthoc | undefined;
  /** What `ranking[].center` holds: the mean (all normal) or the median. */
  centralTendency: 'mean' | 'median';
  /** What `ranking[].effectSize` holds: Cohen's d (all normal) or Akinshin's γ. */
  effectSize: EffectSizeMeasure;
  /** Models from best (lowest mean rank) to worst. */
  ranking: RankedModel[];
  /** The decisions taken, in order. */
  path: AutoRankStep[];
  /** Notes on the input, as data. */
  warnings: AutoRankWarning[];
}

/**
 * Compares models on paired measurements the way autorank does (Herbold 2020), choosing the tests from
 * the data; see the module comment for the decision rules. Differences from autorank: the Wilcoxon
 * test is two-sided (autorank runs the one-sided test, larger median first); 3 or 4 rows are allowed
 * (autorank needs 5) with a `fewSamples` warning; confidence intervals are not computed.
 * @param scores - one row per data set (or fold), one column per model: at least 3 rows and 2 columns.
 * @param options - `alpha` (default 0.05) and `higherIsBetter` (default true).
 * @returns every test's statistic and p-value, the ranking with effect sizes, and the path as data.
 * @throws {@link InputError} for fewer than 3 rows or 2 columns, ragged rows, non-finite scores, α
 *   outside (0, 1), or scores that are constant in every column (nothing to compare).
 * @example
 * ```ts
 * const r = autoRank([[0.9, 0.8], [0.85, 0.8], [0.88, 0.79], [0.91, 0.83], [0.86, 0.78]]);
 * r.path.map((s) => s.step === 'omnibus' ? s.test : s.step); // ['normality', 'homogeneity', 'pairedTTest', 'effectSize']
 * r.ranking[0].model; // 0
 * ```
 */
export function autoRank(scores: ReadonlyArray<ArrayLike<number>>, options: AutoRankOptions = {}): AutoRankResult {
  const caller = 'autoRank';
  if (!Array.isArray(scores) || scores.length < 3) {
    throw new InputError(`Argument 'scores' passed to '${caller}' must have at least 3 rows (data sets or folds), but got ${Array.isArray(scores) ? scores.length : formatValue(scores)}.`);
  }
  const rows = scores.map((r, i) => toFiniteArray(r, `scores[${i}]`, caller, 2));
  const k = rows[0]!.length;
  const n = rows.length;
  rows.forEach((r, i) => {
    if (r.length !== k) throw new InputError(`Argument 'scores' passed to '${caller}' must have rows of equal length, but row 0 has ${k} values and row ${i} has ${r.length}.`);
  });
  const alpha = options.alpha ?? 0.05;
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new InputError(`Option 'alpha' passed to '${caller}' must be a number in (0, 1), but got ${formatValue(options.alpha)}.`);
  }
  const higher = options.higherIsBetter ?? true;
  const cols = Array.from({ length: k }, (_, j) => Float64Array.from(rows, (r) => r[j]!));
  const constant = cols.map((c) => c.every((v) => v === c[0]));
  if (constant.every(Boolean)) {
    throw new InputError(`Argument 'scores' passed to '${caller}' must vary within at least one column, but every model has the same score on every row.`);
  }
  const warnings: AutoRankWarning[] = [];
  if (n < 5) warnings.push('fewSamples');
  if (constant.some(Boolean)) warnings.push('constantModel');
  const path: AutoRankStep[] = [];

  // 1. Normality, Bonferroni-corrected.
  const alphaNormality = alpha / k;
  const normality = cols.map((c, j) => {
    if (constant[j]) return { statistic: 1, pValue: 1, normal: true, constant: true };
    const r = shapiroWilk(c);
    return { statistic: r.statistic, pValue: r.pValue, normal: r.pValue >= alphaNormality, constant: false };
  });
  const allNormal = normality.every((s) => s.normal);
  path.push({ step: 'normality', test: 'shapiroWilk', alpha: alphaNormality, allNormal, notNormal: normality.flatMap((s, j) => (s.normal ? [] : [j])) });
  const because = allNormal ? 'allNormal' : 'notAllNormal';

  // 2. Homogeneity of variances.
  const hTest = allNormal ? 'bartlett' : 'levene';
  const h = allNormal ? bartlett(cols) : levene(cols);
  const equalVariances = h.pValue >= alpha;
  path.push({ step: 'homogeneity', test: hTest, because, alpha, pValue: h.pValue, equalVariances });

  // Ranks: 1 = best on each row.
  const meanRanks = new Float64Array(k);
  for (const r of rows) {
    const ranks = rankAverage(Array.from(r, (v) => (higher ? -v : v)));
    for (let j = 0; j < k; j++) meanRanks[j]! += ranks[j]! / n;
  }

  // 3. Omnibus test (and 4. post-hoc test).
  let omnibus: AutoRankResult['omnibus'];
  let posthoc: AutoRankResult['posthoc'];
  let reason: OmnibusReason;
  if (k === 2) {
    const [a, b] = cols as [Float64Array, Float64Array];
    if (allNormal) {
      reason = 'twoModelsNormal';
      const t = pairedTTest(a, b);
      omnibus = { test: 'pairedTTest', statistic: t.statistic, pValue: t.pValue, significant: t.pValue < alpha };
    } else {
      reason = 'twoModelsNotNormal';
      if (a.every((v, i) => v === b[i])) {
        omnibus = { test: 'wilcoxon', statistic: 0, pValue: 1, significant: false };
      } else {
        const w = wilcoxonSignedRank(a, b);
        omnibus = { test: 'wilcoxon', statistic: w.statistic, pValue: w.pValue, significant: w.pValue < alpha };
      }
    }
  } else if (allNormal && equalVariances) {
    reason = 'normalEqualVariances';
    const f = rmAnova(rows);
    omnibus = { test: 'rmAnova', statistic: f.statistic, pValue: f.pValue, significant: f.pValue < alpha };
    const t = tukeyHsd(cols);
    posthoc = { test: 'tukeyHsd', pairs: t.pairs.map((p) => ({ ...p, significant: p.pValue < alpha })) };
  } else {
    reason = allNormal ? 'unequalVariances' : 'notAllNormal';
    // scipy.stats.friedmanchisquare (autorank's call) uses the tie-corrected statistic.
    const fr = friedmanTest(rows.map((r) => (higher ? r : r.map((v) => -v))));
    const tied = Number.isNaN(fr.chi2TieCorrected);
    const statistic = tied ? 0 : fr.chi2TieCorrected;
    const pValue = tied ? 1 : fr.pValueTieCorrected;
    omnibus = { test: 'friedman', statistic, pValue, significant: pValue < alpha };
    const cd = nemenyiCriticalDifference(k, n, alpha);
    const pairs: NemenyiPosthoc['pairs'] = [];
    for (let i = 0; i < k; i++) {
      for (let j = i + 1; j < k; j++) {
        const d = meanRanks[i]! - meanRanks[j]!;
        pairs.push({ i, j, rankDifference: d, significant: Math.abs(d) > cd });
      }
    }
    posthoc = { test: 'nemenyi', criticalDifference: cd, pairs };
  }
  path.push({ step: 'omnibus', test: omnibus.test, because: reason, alpha, pValue: omnibus.pValue, significant: omnibus.significant });
  if (posthoc) path.push({ step: 'posthoc', test: posthoc.test });

  // 5. Ranking and effect sizes against the best model.
  const measure: EffectSizeMeasure = allNormal ? 'cohenD' : 'akinshinGamma';
  path.push({ step: 'effectSize', measure, because });
  const order = Array.from({ length: k }, (_, j) => j).sort((p, q) => meanRanks[p]! - meanRanks[q]! || p - q);
  const best = cols[order[0]!]!;
  const effect = (c: Float64Array): number => {
    const [u, v] = higher ? [best, c] : [c, best];
    return measure === 'cohenD' ? ratio(meanOf(u) - meanOf(v), pooledSd(u, v)) : ratio(median(u) - median(v), pooledMad(u, v));
  };
  const ranking = order.map((j): RankedModel => {
    const c = cols[j]!;
    const e = j === order[0] ? 0 : effect(c);
    return {
      model: j,
      meanRank: meanRanks[j]!,
      center: allNormal ? meanOf(c) : median(c),
      spread: allNormal ? Math.sqrt(sampleVariance(c)) : mad(c),
      effectSize: e,
      magnitude: effectMagnitude(e),
    };
  });

  return {
    nModels: k,
    nSamples: n,
    alpha,
    alphaNormality,
    normality,
    allNormal,
    homogeneity: { test: hTest, statistic: h.statistic, pValue: h.pValue, equalVariances },
    omnibus,
    posthoc,
    centralTendency: allNormal ? 'mean' : 'median',
    effectSize: measure,
    ranking,
    path,
    warnings,
  };
}

/** diff / scale, with 0/0 = 0 and x/0 = ±Infinity (no NaN out of a degenerate sample). */
function ratio(diff: number, scale: number): number {
  if (scale > 0) return diff / scale;
  return diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
}
