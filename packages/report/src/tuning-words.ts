/**
 * Every sentence the reports say about tuned models (nested cross-validation), shared by the
 * Markdown, HTML and terminal renderers: `tuning.ts` holds the numbers, this module words them.
 * Plain text, not escaped: each renderer escapes for its own format. The words say "nested
 * cross-validation", and the inner score is only ever called the inner score: the model's score
 * is its outer score.
 */
import type { TuneBudget } from '@mlcompare/core';
import { formatNumber, formatP, formatParams, metricTitle } from './format.js';
import type { ParamStability, TunedModelSummary, TunedVsDefault, TuningSummary } from './tuning-types.js';
import type { ModelRow } from './types.js';

/** A number with its sign: `+0.012`, `−0.034` (a true minus sign), `0.000`. */
export function signed(v: number | null, digits = 3): string {
  if (v === null) return 'n/a';
  const s = formatNumber(Math.abs(v), digits);
  if (Number(s) === 0) return s;
  return `${v > 0 ? '+' : '−'}${s}`;
}

/** `20 evaluations` or `60 CPU seconds`: a budget in words. */
function budgetText(b: TuneBudget): string {
  if ('evals' in b) return `${b.evals} evaluation${b.evals === 1 ? '' : 's'}`;
  return `${b.seconds} CPU second${b.seconds === 1 ? '' : 's'}`;
}

const STRATEGY_WORDS: Record<string, string> = { grid: 'grid search', random: 'random search', halving: 'successive halving', tpe: 'TPE (Tree-structured Parzen Estimator)' };

/** `random search, a budget of 20 evaluations per outer fold, 3 inner folds, choosing by Accuracy`. */
export function searchText(m: TunedModelSummary): string {
  return `${STRATEGY_WORDS[m.strategy] ?? m.strategy}, a budget of ${budgetText(m.budget)} per outer fold, ${m.innerFolds} inner folds, choosing by ${metricTitle(m.metric)}`;
}

/** The paragraph that says what "tuned" means here, for the top of the tuning section. */
export function tuningIntroText(t: TuningSummary, jobs: number): string {
  const c = t.innerTrials;
  const failed = c.error + c.timeout;
  const trials =
    c.total === 0
      ? 'No inner trial lines were recorded.'
      : `${c.total} inner trial${c.total === 1 ? '' : 's'} ran${failed ? ` (${failed} did not finish)` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}; they are not among the run's ${jobs} jobs and take no part in the leaderboards, ranks, tests or times.`;
  return (
    'Tuned models are tuned by nested cross-validation: on each outer fold the search sees only that fold\'s training rows, split again into inner folds; ' +
    'the configuration with the best mean inner score is refitted on the whole outer training fold and scored on the outer test fold. ' +
    'A tuned model\'s score is that outer score, on the same outer folds as every other row; the best inner score is shown only to measure how optimistic a non-nested estimate would have been. ' +
    trials
  );
}

/** The interval as `[−0.012, +0.034]`, or `n/a` without one. */
export function intervalText(v: TunedVsDefault): string {
  if (v.lower === null || v.upper === null) return 'n/a';
  return `[${signed(v.lower)}, ${signed(v.upper)}]`;
}

/** `95 %` for a confidence of 0.95. */
export function confidenceText(confidence: number): string {
  const pct = Math.round(confidence * 1000) / 10;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)} %`;
}

/** `p = 0.012`, or `p < 0.001`. */
function pText(p: number | null): string {
  const f = formatP(p);
  return f.startsWith('<') ? `p ${f}` : `p = ${f}`;
}

/**
 * Tuned and default scored the same on every paired outer fold: a tie, to be said as one (not as
 * "not significant", which leaves open a difference these folds could not show).
 * @param m - A tuned model's summary.
 * @returns True when every paired fold's difference is 0.
 */
export function tiedOnEveryFold(m: TunedModelSummary): boolean {
  const v = m.vsDefault;
  return v !== null && v.nPairs > 0 && v.meanDiff === 0 && (v.lower === null || (v.lower === 0 && v.upper === 0));
}

/** One sentence: the tuned model against its default on the same outer folds. */
export function vsDefaultText(m: TunedModelSummary): string {
  const v = m.vsDefault;
  if (!v) return `${m.label} has no default row of ${m.model} to compare with on ${m.dataset} (the run has no ${m.model} entry without parameters).`;
  const metric = metricTitle(v.metric);
  const head = `On ${m.dataset}, ${m.label} scores ${formatNumber(v.tunedScore?.mean)} ${metric} against ${formatNumber(v.defaultScore?.mean)} for ${v.default} at its defaults (outer folds of nested cross-validation)`;
  if (v.pValue === null) return `${head}; ${v.nPairs < 2 ? `only ${v.nPairs} outer fold${v.nPairs === 1 ? '' : 's'} paired, so no test` : 'no test'}.`;
  // A tie is no difference at all, not a difference too small to show.
  if (tiedOnEveryFold(m)) return `${head}: a tie, the same score on each of the ${v.nPairs} paired folds, so tuning changes nothing here.`;
  const diff = `tuning changes it by ${signed(v.meanDiff)} (${confidenceText(v.confidence)} interval ${intervalText(v)}, corrected resampled t-test ${pText(v.pValue)}, ${v.nPairs} paired folds)`;
  const verdict =
    v.mark === 'better'
      ? 'tuning helps significantly'
      : v.mark === 'worse'
        ? 'the tuned model is significantly worse than the defaults'
        : 'not a significant difference: the defaults do as well as far as these folds can tell';
  return `${head}: ${diff}, ${verdict}.`;
}

/** One sentence on the optimism of the non-nested estimate, or '' without one. */
export function optimismText(m: TunedModelSummary): string {
  const o = m.optimism;
  if (!o) return '';
  const metric = metricTitle(o.metric);
  const how = o.optimism > 0 ? `overstates the outer score by ${formatNumber(o.optimism)}` : o.optimism < 0 ? `understates the outer score by ${formatNumber(-o.optimism)}` : 'equals the outer score';
  return `Optimism: the best mean inner score (${formatNumber(o.meanBestInner)} ${metric}, the non-nested estimate) ${how} (${formatNumber(o.meanOuter)}, mean over ${o.folds} outer fold${o.folds === 1 ? '' : 's'}).`;
}

/** A parameter value as a short text: strings as they are, the rest as JSON. */
export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
}

/** A number to 4 significant digits (`66.72`, `0.03154`, `1.585e+3` stays `1585`), anything else as {@link valueText}. */
function shortValue(v: unknown): string {
  return typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(4))) : valueText(v);
}

/**
 * How stable one parameter's choice is: `nNeighbors = 15 on 4 of 5 folds (2 values)`; when no value
 * was chosen twice, a number's range instead: `C from 0.6717 to 156.8 (5 values, none twice)`.
 */
export function stabilityText(s: ParamStability): string {
  if (s.folds === 0) return `${s.name}: never chosen`;
  if (s.count === 1 && s.folds > 1 && s.range) return `${s.name} from ${shortValue(s.range[0])} to ${shortValue(s.range[1])} (${s.distinct} values, none twice)`;
  return `${s.name} = ${shortValue(s.mostFrequent)} on ${s.count} of ${s.folds} fold${s.folds === 1 ? '' : 's'}${s.distinct > 1 ? ` (${s.distinct} values)` : ''}`;
}

/** The chosen parameters of one outer fold as `C=1, gamma=0.01`. */
export function chosenText(params: Record<string, unknown>): string {
  const keys = Object.keys(params);
  if (keys.length === 0) return '—';
  return keys.map((k) => `${k}=${valueText(params[k])}`).join(', ');
}

/** `20 evaluations made per outer fold` or `12–20 …`: what the outer folds made. */
export function evaluationsText(m: TunedModelSummary): string {
  if (!m.evaluationRange) return 'no evaluations recorded';
  const [lo, hi] = m.evaluationRange;
  return `${lo === hi ? lo : `${lo}–${hi}`} evaluations made per outer fold`;
}

/**
 * A leaderboard row's parameters: `nNeighbors=15`, `defaults`, or for a tuned row its fixed ones and
 * what was searched: `tuned: C, gamma` / `weights=uniform; tuned: nNeighbors`.
 */
export function rowParamsText(r: ModelRow): string {
  if (!r.searched) return formatParams(r.params);
  const fixed = Object.keys(r.params).length > 0 ? `${formatParams(r.params)}; ` : '';
  return `${fixed}tuned: ${r.searched.join(', ')}`;
}
