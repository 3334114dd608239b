/**
 * The sentences of the Bayesian comparisons and of the automatic test choice (issue 13), from the
 * summary's numbers (`bayes-summary.ts`). Plain text, not escaped: each renderer escapes. A model is
 * said "practically equivalent" or "worse by more than the ROPE" only when that outcome has a
 * posterior probability above ½, which puts its mean difference inside or beyond the ROPE: so no
 * model called equivalent is further from the best than one called worse (on the same folds).
 */
import { formatNumber, metricTitle } from './format.js';
import type { AutoRankSummary, BayesOutcome, BayesProbabilities, DatasetSummary, RopeUse, TaskComparison } from './types.js';

/** A posterior probability in two decimals, without rounding a near-certainty to 1 (`> 0.99`, `< 0.01`). */
export function probText(p: number): string {
  if (p === 1 || p === 0) return String(p);
  if (p >= 0.995) return '> 0.99';
  if (p < 0.005) return '< 0.01';
  return p.toFixed(2);
}

/**
 * The three probabilities of an outcome in two decimals that add up to 1 as printed (a reader adds
 * them): each is rounded down to hundredths and the hundredths still missing go to the largest
 * remainders (largest-remainder rounding), so 0.6447 / 0.1648 / 0.1905 reads 0.64 / 0.17 / 0.19, not
 * 0.64 / 0.16 / 0.19 (0.99). Exact 0 and 1 and the near-certainties stay as {@link probText} says them.
 *
 * @param p - P(better), P(equivalent), P(worse), summing to 1.
 * @returns The three texts, in the same fields.
 */
export function probTexts(p: { better: number; equivalent: number; worse: number }): { better: string; equivalent: string; worse: string } {
  const values = [p.better, p.equivalent, p.worse];
  const cents = values.map((v) => Math.floor(v * 100 + 1e-9));
  const missing = 100 - cents.reduce((a, v) => a + v, 0);
  const byRemainder = [0, 1, 2].sort((i, j) => values[j]! * 100 - cents[j]! - (values[i]! * 100 - cents[i]!) || i - j);
  for (let k = 0; k < missing && k < 3; k++) cents[byRemainder[k]!]!++;
  // A probability of 1 is said only when the other two are exactly 0: beside a positive one it is
  // 1 − (something below 10⁻¹⁶) rounded in floating point, and reads "> 0.99".
  const certain = values.filter((v) => v === 0).length === 2;
  const text = (v: number, c: number): string => {
    if (v === 1 && !certain) return '> 0.99';
    if (v === 1 || v === 0 || v >= 0.995 || v < 0.005) return probText(v);
    return (c / 100).toFixed(2);
  };
  return { better: text(values[0]!, cents[0]!), equivalent: text(values[1]!, cents[1]!), worse: text(values[2]!, cents[2]!) };
}

/** A ROPE width without trailing zeros (`0.01`, `2.5`). */
function widthText(v: number): string {
  return String(Number(v.toPrecision(3)));
}

/**
 * The ROPE in words: `ROPE ±0.01 Accuracy, the default for accuracy-like metrics`, or autorank's rule.
 *
 * @param rope - The ROPE as applied.
 * @param metric - The metric it is in.
 */
export function ropeText(rope: RopeUse, metric: string): string {
  const title = metricTitle(metric);
  if (rope.mode === 'fixed') {
    const w = `ROPE ±${widthText(rope.value!)} ${title}`;
    return rope.setting === 'auto' ? `${w}, the default for accuracy-like metrics` : `${w}, set for this run`;
  }
  const rule = "ROPE a tenth of each pair's pooled spread (autorank's rule";
  return rope.setting === 'auto' ? `${rule}, since ${title} has no default ROPE)` : `${rule})`;
}

/** `a`, `a and b`, `a, b and c`. */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}

/** `probability 0.93` or `probabilities 0.93 and 0.88`, from the texts of {@link probTexts}. */
function probs(texts: readonly string[]): string {
  return texts.length === 1 ? `probability ${texts[0]!}` : `probabilities ${list(texts)}`;
}

/** `worse 0.45, equivalent 0.40, better 0.15`. */
function threeProbs(p: BayesProbabilities): string {
  const t = probTexts(p);
  return `better ${t.better}, equivalent ${t.equivalent}, worse ${t.worse}`;
}

/** The most probable outcome as a table cell. */
export function outcomeWord(o: BayesOutcome): string {
  return o === 'equivalent' ? '≈ practically equivalent' : o === 'worse' ? '▼ worse beyond the ROPE' : o === 'better' ? '▲ better beyond the ROPE' : '? undecided';
}

interface Said {
  label: string;
  outcome: BayesOutcome;
  p: BayesProbabilities;
}

/**
 * The clauses of models against one reference, grouped by outcome: equivalent, worse, better, undecided.
 *
 * @param items - The models with their outcome, in rank order.
 * @param ref - How the reference is named (`the best`, `svm`).
 * @param betterNote - What follows a "better" clause (why it can happen although the reference ranks first).
 */
function clauses(items: readonly Said[], ref: string, betterNote: string): string[] {
  const of = (o: BayesOutcome): Said[] => items.filter((x) => x.outcome === o);
  const out: string[] = [];
  const eq = of('equivalent');
  if (eq.length > 0) out.push(`${list(eq.map((x) => x.label))} ${eq.length === 1 ? 'is' : 'are'} practically equivalent to ${ref} with ${probs(eq.map((x) => probTexts(x.p).equivalent))}`);
  const worse = of('worse');
  if (worse.length > 0) out.push(`${list(worse.map((x) => x.label))} ${worse.length === 1 ? 'is' : 'are'} worse than ${ref} by more than the ROPE with ${probs(worse.map((x) => probTexts(x.p).worse))}`);
  const better = of('better');
  if (better.length > 0) {
    out.push(`${list(better.map((x) => x.label))} ${better.length === 1 ? 'scores' : 'score'} above ${ref} by more than the ROPE ${betterNote}, with ${probs(better.map((x) => probTexts(x.p).better))}`);
  }
  for (const x of of('uncertain')) out.push(`for ${x.label} no outcome has a probability above ½ (${threeProbs(x.p)})`);
  return out;
}

/**
 * The Bayesian sentence of a dataset: each model against the best by the correlated t-test, with
 * the ROPE named ("knn is practically equivalent to the best with probability 0.93"). Empty when
 * no model could be tested.
 *
 * @param d - The dataset.
 * @returns Plain text, or ''.
 */
export function bayesDatasetText(d: DatasetSummary): string {
  const b = d.bayes;
  if (!b || b.pairs.length === 0) return '';
  const parts = clauses(
    b.pairs.map((p) => ({ label: p.label, outcome: p.outcome, p })),
    'the best',
    // Only on partial folds: the paired folds can favour a model the full means rank lower.
    'on the folds both finished',
  );
  return `Against ${b.reference} by the Bayesian correlated t-test (${ropeText(b.rope, d.primaryMetric)}): ${parts.join('; ')}.`;
}

/**
 * The Bayesian sentence across datasets: the best mean rank against each other compared model by
 * the signed-rank test, seeded by the run's seed.
 *
 * @param c - The comparison.
 * @returns Plain text, or '' when there is no Bayesian comparison.
 */
export function bayesTaskText(c: TaskComparison): string {
  const b = c.bayes;
  if (!b || b.vsBest.length === 0) return '';
  const best = b.models[0]!;
  const parts = clauses(
    b.vsBest.map((p) => ({ label: p.label, outcome: p.outcome, p })),
    best,
    `(${best} has the better mean rank, but the mean scores favour it)`,
  );
  const left = b.leftOut > 0 ? ` Only the ${b.models.length} best-ranked of ${b.models.length + b.leftOut} models are compared.` : '';
  return (
    `Bayesian signed-rank test over the ${c.datasets.length} datasets (${ropeText(b.rope, c.metric)}; ${b.nSamples.toLocaleString('en-US')} posterior samples, seed ${b.seed}): ` +
    `${parts.join('; ')}.${left}`
  );
}

const OMNIBUS_WORDS: Record<AutoRankSummary['omnibus']['test'], string> = {
  pairedTTest: 'the paired t-test',
  wilcoxon: 'the Wilcoxon signed-rank test',
  rmAnova: 'the repeated-measures ANOVA',
  friedman: 'the Friedman test',
};

const REASON_WORDS: Record<AutoRankSummary['omnibus']['because'], string> = {
  twoModelsNormal: 'two models, both normal',
  twoModelsNotNormal: 'two models, not both normal',
  normalEqualVariances: 'all normal with equal variances',
  notAllNormal: 'not all normal',
  unequalVariances: 'all normal but with unequal variances',
};

/** `Cohen's d` or `Akinshin's γ`. */
function effectMeasureText(a: AutoRankSummary): string {
  return a.effectSize === 'cohenD' ? "Cohen's d" : "Akinshin's γ";
}

/** `p = 0.012` or `p < 0.001`. */
function pEq(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * The test autorank chooses for these data, as a path in words: normality, equal variances, the
 * omnibus test and its post-hoc test, the effect size measure.
 *
 * @param c - The comparison.
 * @returns Plain text; why it is missing when it is; '' when the comparison itself is unavailable.
 */
export function autorankText(c: TaskComparison): string {
  if (!c.available) return '';
  const a = c.autorank;
  if (!a) {
    if (c.autorankGap === 'too-few-datasets') return `The automatic test choice (autorank) needs at least 3 datasets; this run has ${c.datasets.length}.`;
    if (c.autorankGap === 'too-many-models') return `The automatic test choice (autorank) is left out with more than 100 models (its post-hoc tests compare every pair).`;
    if (c.autorankGap === 'no-variation') return 'The automatic test choice (autorank) has nothing to test: every model scores the same on every dataset.';
    return '';
  }
  const k = c.models.length;
  const s: string[] = [];
  const normal =
    a.normality.notNormal.length === 0
      ? 'finds every model’s scores normal'
      : `finds the scores of ${list(a.normality.notNormal)} not normal`;
  s.push(`Test chosen for these data, after autorank: Shapiro–Wilk at α = ${c.alpha}/${k} = ${formatNumber(a.normality.alpha, 4)} ${normal}`);
  const h = a.homogeneity;
  s.push(`${h.test === 'bartlett' ? "Bartlett's" : "Levene's"} test finds ${h.equalVariances ? 'equal' : 'unequal'} variances (${pEq(h.pValue)})`);
  const o = a.omnibus;
  let omni = `so (${REASON_WORDS[o.because]}) ${OMNIBUS_WORDS[o.test]} (${pEq(o.pValue)}) finds ${o.significant ? 'a significant difference' : 'no significant difference'}`;
  if (a.posthoc && o.significant) {
    const name = a.posthoc.test === 'tukeyHsd' ? "Tukey's HSD" : `Nemenyi's critical difference (CD = ${formatNumber(a.posthoc.criticalDifference, 2)})`;
    omni += a.posthoc.different.length > 0 ? `; ${name} separates ${list(a.posthoc.different.map(([x, y]) => `${x}–${y}`))}` : `; ${name} separates no pair`;
  }
  s.push(omni);
  const tail = a.warnings.includes('fewSamples') ? ` With fewer than 5 datasets these tests have little power (autorank asks for 5).` : '';
  return `${s.join('; ')}. Effect sizes against ${c.models[0]}: ${effectMeasureText(a)} (${a.centralTendency === 'mean' ? 'normal data' : 'not all normal'}), with Cohen's magnitude words.${tail}`;
}

/**
 * The effect size of a model against the best across datasets, as a table cell (`0.83 large`),
 * `—` for the best itself, '' without autorank.
 */
export function effectCell(c: TaskComparison, label: string): string {
  const a = c.autorank;
  if (!a) return '';
  if (label === c.models[0]) return '—';
  const r = a.ranking.find((x) => x.label === label);
  if (!r) return '';
  return `${r.effectSize === null ? '∞' : formatNumber(r.effectSize, 2)} ${r.magnitude}`;
}

/** The header of the effect-size column, or null without autorank. */
export function effectHeader(c: TaskComparison): string | null {
  return c.autorank ? `Effect vs best (${effectMeasureText(c.autorank)})` : null;
}
