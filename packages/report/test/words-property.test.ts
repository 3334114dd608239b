/**
 * Issue 12's rule as a property: over many generated score tables (seeded), no verdict sentence
 * reads against the ordering of the numbers. The sentences are parsed back from the text the
 * reports show, so a wording change that breaks the rule fails here too.
 */
import { describe, expect, it } from 'vitest';
import { Rng, type JobResult } from '@mlcompare/core';
import { summarize } from '../src/index.js';
import { bayesOutcome } from '../src/bayes-summary.js';
import { datasetVerdictText, taskVerdictText, wilcoxonMark } from '../src/words.js';
import type { DatasetSummary } from '../src/types.js';
import { job, jobsOf } from './helpers.js';

/** `a`, `a and b`, `a, b and c` → the names (labels here are `m0` … `m9`, so no name holds a comma). */
function names(list: string): string[] {
  return list
    .split(/, | and /)
    .map((s) => /^(m\d)/.exec(s.trim())?.[1])
    .filter((s): s is string => s !== undefined);
}

/** The labels a clause of the sentence puts in a group, or [] when the clause is absent. */
function group(text: string, re: RegExp): string[] {
  const m = re.exec(text);
  return m ? names(m[1]!) : [];
}

/** One generated dataset: 2–7 models, 3–10 folds, means on a coarse grid (so ties happen), spreads from none to large. */
function table(rng: Rng, name: string): Record<string, number[]> {
  const nModels = 2 + rng.int(6);
  const nFolds = 3 + rng.int(8);
  const spreads = [0, 0.002, 0.01, 0.03, 0.08];
  const scores: Record<string, number[]> = {};
  for (let m = 0; m < nModels; m++) {
    if (m > 0 && rng.random() < 0.15) {
      // An exact copy of another model: a tie in every fold.
      scores[`m${m}`] = [...scores[`m${rng.int(m)}`]!];
      continue;
    }
    if (m > 0 && rng.random() < 0.2) {
      // The same mean as another model (up to rounding) with other folds: ± d on pairs of folds.
      const other = [...scores[`m${rng.int(m)}`]!];
      const d = [0.001, 0.01, 0.05][rng.int(3)]!;
      for (let f = 0; f + 1 < other.length; f += 2) {
        other[f] = Math.round((other[f]! + d) * 1000) / 1000;
        other[f + 1] = Math.round((other[f + 1]! - d) * 1000) / 1000;
      }
      scores[`m${m}`] = other;
      continue;
    }
    const mean = 0.7 + 0.01 * rng.int(21);
    const sd = spreads[rng.int(spreads.length)]!;
    scores[`m${m}`] = Array.from({ length: nFolds }, () => Math.min(1, Math.max(0, Math.round((mean + sd * rng.normal()) * 1000) / 1000)));
  }
  void name;
  return scores;
}

/**
 * Distance of a model's mean from the best mean, to 9 decimals: means equal but for floating-point
 * rounding (0.9360000000000002 and 0.9359999999999999, both shown 0.936) are equally far.
 */
function gapOf(d: DatasetSummary): (label: string) => number {
  const best = d.models[0]!.metrics[d.primaryMetric]!.mean;
  return (label) => Math.round(Math.abs(best - d.models.find((m) => m.label === label)!.metrics[d.primaryMetric]!.mean) * 1e9) / 1e9;
}

describe('no verdict sentence reads against the numbers (300 generated tables, seeded)', () => {
  const rng = new Rng(20261207);
  const datasets = Array.from({ length: 300 }, (_, i) => summarize(jobsOf(`t${i}`, 'classification', table(rng, `t${i}`)), null).datasets[0]!);

  it('says exactly the models sharing the best mean as best, a tie as a tie', () => {
    for (const d of datasets) {
      const text = datasetVerdictText(d, 0.05);
      const top = d.models[0]!.metrics[d.primaryMetric]!.mean;
      const sharing = d.models.filter((m) => Math.abs(m.metrics[d.primaryMetric]!.mean - top) < 1e-9).map((m) => m.label);
      const said = /^(.*?) (is best|tie for best) \(/.exec(text);
      expect(said, text).not.toBeNull();
      expect(new Set(names(said![1]!)), text).toEqual(new Set(sharing));
      expect(said![2], text).toBe(sharing.length > 1 ? 'tie for best' : 'is best');
    }
  });

  it('never calls a model "not significant" that is as far from the best as one called "significantly worse"', () => {
    let both = 0;
    for (const d of datasets) {
      const text = datasetVerdictText(d, 0.05).split(' Against ')[0]!;
      const gap = gapOf(d);
      const LIST = '((?:m\\d)(?:(?:, | and )m\\d)*)';
      const notSig = group(text, new RegExp(`the differences to ${LIST} (?:is|are) not significant`));
      const others = d.models.map((m) => m.label).filter((l) => !d.verdict.best.includes(l));
      const worse = text.includes('significantly better than every other model')
        ? others
        : group(text, new RegExp(`(?:; |, )${LIST} (?:is|are) significantly worse`));
      const variable = group(text, /((?:m\d \([^)]*\))(?:(?:, | and )m\d \([^)]*\))*) (?:varies|vary) too much/);
      if (notSig.length > 0 && worse.length > 0) both++;
      for (const n of notSig) for (const w of worse) expect(gap(n), `${n} vs ${w}: ${text}`).toBeLessThan(gap(w));
      // "Too variable" is kept for models at least as far behind as a significantly worse one.
      for (const v of variable) expect(Math.min(...worse.map(gap)), text).toBeLessThanOrEqual(gap(v));
      // Every ranked model but the best is in one group.
      const saidOf = [...notSig, ...worse, ...variable, ...group(text, new RegExp(`(?:; |, )${LIST} could not be tested`))];
      if (d.verdict.untestable === null && others.length > 0) {
        expect(saidOf.length, text).toBe(others.length);
        expect(new Set(saidOf), text).toEqual(new Set(others));
      }
    }
    // The generator makes the case the rule is about.
    expect(both).toBeGreaterThan(20);
  });

  it('never calls a model "practically equivalent" that is as far from the best as one "worse by more than the ROPE"', () => {
    let both = 0;
    for (const d of datasets) {
      const full = datasetVerdictText(d, 0.05);
      const text = full.split(' Against ')[1] ?? '';
      const gap = gapOf(d);
      const equivalent = group(text, /: ([^;]*?) (?:is|are) practically equivalent to the best/) .concat(group(text, /; ([^;]*?) (?:is|are) practically equivalent to the best/));
      const worse = group(text, /[:;] ([^;]*?) (?:is|are) worse than the best by more than the ROPE/);
      if (equivalent.length > 0 && worse.length > 0) both++;
      for (const e of equivalent) {
        expect(gap(e), full).toBeLessThan(0.01 + 1e-9);
        for (const w of worse) expect(gap(e), `${e} vs ${w}: ${full}`).toBeLessThan(gap(w));
      }
      for (const w of worse) expect(gap(w), full).toBeGreaterThan(0.01 - 1e-9);
      // Every fold finished: nothing ranked below the best is said to score above it.
      expect(text, full).not.toMatch(/score(s)? above the best/);
    }
    expect(both).toBeGreaterThan(20);
  });

  it('names an outcome only when its probability is above ½', () => {
    expect(bayesOutcome({ better: 0.1, equivalent: 0.45, worse: 0.45 })).toBe('uncertain');
    expect(bayesOutcome({ better: 0.0, equivalent: 0.5, worse: 0.5 })).toBe('uncertain');
    expect(bayesOutcome({ better: 0.0, equivalent: 0.51, worse: 0.49 })).toBe('equivalent');
    expect(bayesOutcome({ better: 0.49, equivalent: 0, worse: 0.51 })).toBe('worse');
    expect(bayesOutcome({ better: 0.51, equivalent: 0.49, worse: 0 })).toBe('better');
    for (const d of datasets) {
      for (const p of d.bayes?.pairs ?? []) {
        const named = p.outcome === 'uncertain' ? null : p[p.outcome];
        if (named !== null) expect(named).toBeGreaterThan(0.5);
        else expect(Math.max(p.better, p.equivalent, p.worse)).toBeLessThanOrEqual(0.5);
      }
    }
  });
});

describe('across datasets, a Wilcoxon cell never says "not sig." where no outcome could be significant (seeded)', () => {
  it('with 2 to 9 datasets and 2 to 6 models', () => {
    const rng = new Rng(7);
    let needs = 0;
    let notSig = 0;
    for (let t = 0; t < 40; t++) {
      const nDatasets = 2 + rng.int(8);
      const nModels = 2 + rng.int(5);
      const jobs: JobResult[] = [];
      for (let k = 0; k < nDatasets; k++) {
        for (let m = 0; m < nModels; m++) {
          const mean = 0.6 + 0.05 * m + 0.1 * rng.random();
          for (let f = 0; f < 3; f++) jobs.push(job(`d${k}`, 'classification', `m${m}`, f, mean + 0.01 * f));
        }
      }
      const c = summarize(jobs, null, { bayesSamples: 200 }).comparisons[0]!;
      const tests = c.wilcoxonVsBest.filter((w) => w.pValue !== null).length;
      for (const [i, l] of c.models.entries()) {
        if (i === 0) continue;
        const word = wilcoxonMark(c, c.wilcoxonVsBest.find((w) => w.label === l), false).word;
        // The exact test's smallest p-value is 2/2ⁿ, and Holm multiplies the smallest one by the number of tests.
        const possible = (tests * 2) / 2 ** nDatasets < 0.05;
        if (word === '= not sig.') {
          notSig++;
          expect(possible, `${nDatasets} datasets, ${tests} tests`).toBe(true);
        }
        if (word.startsWith('needs ≥')) {
          needs++;
          expect(possible).toBe(false);
          expect(word).toBe(`needs ≥ ${c.wilcoxonMinDatasets} datasets`);
          expect(nDatasets).toBeLessThan(c.wilcoxonMinDatasets);
        }
        if (word === '▼ worse' || word === '▲ better') expect(possible).toBe(true);
      }
      if (!c.wilcoxonVsBest.some((w) => w.reachable) && nDatasets < c.wilcoxonMinDatasets) expect(taskVerdictText(c)).toMatch(/needs at least \d+ datasets to reach α = 0\.05\./);
    }
    expect(needs).toBeGreaterThan(5);
    expect(notSig).toBeGreaterThan(0);
  });
});
