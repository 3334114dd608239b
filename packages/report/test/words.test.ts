import { describe, expect, it } from 'vitest';
import { loadRun, renderHtml, renderMarkdown, renderTerminalSummary, summarize } from '../src/index.js';
import type { RunSummary } from '../src/index.js';
import { wilcoxonMinDatasets } from '../src/internal/significance.js';
import { datasetVerdictText, markCell, pairMark, taskVerdictText, wilcoxonMark } from '../src/words.js';
import { FIXTURE_DIR, jobsOf } from './helpers.js';

/** Every string in the summary that the summary itself made (data it carries through excluded). */
function ownStrings(value: unknown, key = ''): string[] {
  // Carried from the run: error messages, loader warnings, run.json, parameters, the model's own
  // stop reasons, the dataset's source.
  if (['reasons', 'warnings', 'environment', 'params', 'stopReasons', 'source'].includes(key)) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => ownStrings(v));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => ownStrings(v, k));
  return [];
}

describe('the summary holds numbers and structured verdicts, no sentences', () => {
  it('has no string with a space in it except what the run itself carries', async () => {
    const loaded = await loadRun(FIXTURE_DIR);
    const summary = summarize(loaded.results, loaded.run, { warnings: loaded.warnings });
    const strings = ownStrings(JSON.parse(JSON.stringify(summary)));
    expect(strings.length).toBeGreaterThan(50);
    expect(strings.filter((s) => /\s/.test(s))).toEqual([]);
  });
});

describe('verdict sentences never read against the numbers', () => {
  it('says ties for best as ties, and marks the tied models as tied, not "not significant"', () => {
    const scores: Record<string, number[]> = { dummy: [0.5, 0.5, 0.5] };
    for (const m of ['cart', 'knn', 'svm', 'mlp', 'linear', 'logistic']) scores[m] = [1, 1, 1];
    const d = summarize(jobsOf('easy', 'classification', scores), null).datasets[0]!;
    expect(d.verdict.best).toEqual(['cart', 'knn', 'linear', 'logistic', 'mlp', 'svm']);
    const text = datasetVerdictText(d, 0.05);
    expect(text).toMatch(/^cart, knn, linear, logistic, mlp and svm tie for best \(Accuracy 1\.000 ± 0\.000\), significantly better than every other model /);
    expect(text).not.toMatch(/cart is best|not significant/);
    const knn = d.models.find((m) => m.label === 'knn')!;
    expect(markCell(pairMark(d, knn, 'best'))).toBe('= tied for best');
  });

  it('says "too variable to tell" for a model further behind than one that is significantly worse', () => {
    // Issue 12's example: cart R² −1.07 ± 0.69 beside knn −0.107 significantly worse.
    const d = summarize(
      jobsOf('e', 'regression', {
        linear: [0.05, 0.06, 0.05, 0.05, 0.055],
        cart: [-1.9, -0.3, -1.5, -0.2, -1.45],
        knn: [-0.1, -0.11, -0.1, -0.12, -0.105],
        dummy: [-0.01, -0.02, 0, -0.01, -0.03],
      }),
      null,
    ).datasets[0]!;
    const cart = d.models.find((m) => m.label === 'cart')!;
    expect(cart.vsBest!.mark).toBe('same');
    expect(d.verdict.vsBest).toEqual({ significant: ['dummy', 'knn'], notSignificant: [], tooVariable: ['cart'], untested: [] });
    expect(d.verdict.vsBaseline!.below).toEqual({ significant: ['knn'], notSignificant: [], tooVariable: ['cart'], untested: [] });
    const text = datasetVerdictText(d, 0.05);
    expect(text).toBe(
      'linear is best (R² 0.053 ± 0.004); dummy and knn are significantly worse, cart (-1.070 ± 0.688) varies too much across folds to tell (corrected resampled t-test, α = 0.05). ' +
        'knn is significantly worse than the dummy baseline. cart (-1.070 ± 0.688) scores below the dummy baseline but varies too much across folds to tell whether it is worse. ' +
        // Whether it matters: cart is too variable for the t-test, but its whole posterior lies far below the ROPE.
        'Against linear by the Bayesian correlated t-test (ROPE ±0.01 R², the default for accuracy-like metrics): ' +
        'dummy, knn and cart are worse than the best by more than the ROPE with probabilities > 0.99, > 0.99 and 0.95.',
    );
    expect(markCell(pairMark(d, cart, 'best'))).toBe('≈ too variable (p 0.095)');
    expect(pairMark(d, cart, 'baseline').kind).toBe('variable');
    // A model closer to the best than every significantly worse one stays "not significant".
    const knn = d.models.find((m) => m.label === 'knn')!;
    expect(markCell(pairMark(d, knn, 'best'))).toMatch(/^▼ worse \(p /);
  });

  it('keeps "not significant" for models closer to the best than any significantly worse model', () => {
    const d = summarize(
      jobsOf('d', 'regression', {
        a: [0.5, 0.55, 0.45, 0.5, 0.52],
        b: [0.45, 0.6, 0.4, 0.52, 0.5],
        dummy: [0, -0.01, 0.01, 0, -0.02],
      }),
      null,
    ).datasets[0]!;
    expect(d.verdict.vsBest).toEqual({ significant: ['dummy'], notSignificant: ['b'], tooVariable: [], untested: [] });
    expect(datasetVerdictText(d, 0.05)).toMatch(/^a is best \(R² 0\.504 ± 0\.033\); the differences to b are not significant, dummy is significantly worse \(/);
    expect(markCell(pairMark(d, d.models.find((m) => m.label === 'b')!, 'best'))).toMatch(/^= not sig\. \(p \d\.\d{3}\)$/);
  });

  it('says a model with the baseline\'s very mean ties with it (spector: boosting predicts the majority class)', () => {
    const d = summarize(
      jobsOf('spector', 'classification', {
        logistic: [0.86, 0.71, 0.83, 1, 0.67],
        boosting: [0.71, 0.71, 0.67, 0.67, 0.6],
        dummy: [0.71, 0.71, 0.67, 0.67, 0.6],
      }),
      null,
    ).datasets[0]!;
    const text = datasetVerdictText(d, 0.05);
    expect(text).toContain('boosting ties with the dummy baseline (Accuracy 0.672 ± 0.040).');
    expect(text).not.toMatch(/boosting (and \w+ )?do(es)? not significantly beat/);
    expect(text).toMatch(/logistic does not significantly beat the dummy baseline/);
  });

  it('does not say "Only" of a model that was the only one run', () => {
    const one = summarize(jobsOf('spector', 'classification', { mlp: [0.7, 0.8, 0.7] }), null).datasets[0]!;
    expect(datasetVerdictText(one, 0.05)).toMatch(/^mlp was the only model run \(Accuracy 0\.733 ± 0\.047\)\./);
    const failed = jobsOf('spector', 'classification', { mlp: [0.7, 0.8, 0.7], knn: [0.6, 0.6, 0.6] }).map((j) =>
      j.label === 'knn' ? { ...j, status: 'error' as const, metrics: {}, error: 'boom' } : j,
    );
    expect(datasetVerdictText(summarize(failed, null).datasets[0]!, 0.05)).toMatch(/^Only mlp finished \(Accuracy 0\.733 ± 0\.047\)\./);
  });

  it('does not say a model fails to beat the baseline when it is further above it than one that significantly does', () => {
    const d = summarize(
      jobsOf('d', 'classification', {
        a: [0.99, 0.8, 0.99],
        b: [0.95, 0.8, 0.9],
        c: [0.83, 0.81, 0.82],
        dummy: [0.8, 0.78, 0.79],
      }),
      null,
    ).datasets[0]!;
    expect(d.models.find((m) => m.label === 'c')!.vsBaseline!.mark).toBe('better');
    expect(d.verdict.vsBaseline!.above.significant).toEqual(['c']);
    expect(d.verdict.vsBaseline!.above.tooVariable).toEqual(['a', 'b']);
    const text = datasetVerdictText(d, 0.05);
    expect(text).toContain('a (0.927 ± 0.090) and b (0.883 ± 0.062) score above the dummy baseline but vary too much across folds to tell whether they beat it.');
    expect(text).not.toMatch(/do(es)? not significantly beat/);
  });

  it('issue 12: two models tied at 0.936 never get opposite marks (one steady, one variable: "worse" and "too variable")', () => {
    const d = summarize(
      jobsOf('t', 'classification', {
        a: [0.96, 0.962, 0.958, 0.961, 0.959],
        steady: [0.936, 0.937, 0.935, 0.936, 0.936],
        wobbly: [0.99, 0.88, 0.97, 0.9, 0.94],
      }),
      null,
    ).datasets[0]!;
    const [steady, wobbly] = ['steady', 'wobbly'].map((l) => d.models.find((m) => m.label === l)!);
    expect(steady!.metrics['accuracy']!.mean).toBeCloseTo(0.936, 12);
    expect(wobbly!.metrics['accuracy']!.mean).toBeCloseTo(0.936, 12);
    expect(steady!.vsBest!.mark).toBe('worse');
    // Not significant by its own t-test, but as far behind as a significantly worse model.
    expect(wobbly!.vsBest!.mark).toBe('same');
    expect(markCell(pairMark(d, wobbly!, 'best'))).toMatch(/^≈ too variable \(p /);
    expect(d.models.find((m) => m.rank === 2)).toBeUndefined();
    expect(steady!.rank).toBe(wobbly!.rank);
    const text = datasetVerdictText(d, 0.05);
    expect(text).not.toMatch(/not significant/);
    expect(text).toMatch(/steady is significantly worse, wobbly \(0\.936 ± 0\.\d{3}\) varies too much across folds to tell/);
  });

  it('says why no test ran: a single split', () => {
    const d = summarize(jobsOf('one', 'classification', { a: [0.9], b: [0.8], dummy: [0.7] }), null).datasets[0]!;
    expect(d.verdict.untestable).toBe('single-split');
    expect(datasetVerdictText(d, 0.05)).toBe('a is best (Accuracy 0.900); with a single split, no significance test is possible.');
    expect(markCell(pairMark(d, d.models[1]!, 'best'))).toBe('no test');
  });
});

describe('across datasets', () => {
  function comparison(nDatasets: number): RunSummary['comparisons'][number] {
    const scores: Record<string, number[]> = {};
    const results = [];
    for (let k = 0; k < nDatasets; k++) {
      // Distinct gaps on every dataset (no tied |differences|), so the exact test is used.
      const mean = { a: 0.9, b: 0.8 - 0.017 * k, c: 0.7 - 0.013 * k };
      for (const [m, v] of Object.entries(mean)) scores[m] = [v + 0.01, v, v - 0.01];
      results.push(...jobsOf(`ds${k}`, 'classification', scores));
    }
    return summarize(results, null).comparisons[0]!;
  }

  it('the Wilcoxon test needs 6 datasets at α = 0.05 (2/2⁵ = 0.0625, 2/2⁶ = 0.031) and 8 at α = 0.01; more after Holm over m tests', () => {
    expect(wilcoxonMinDatasets(0.05)).toBe(6);
    expect(wilcoxonMinDatasets(0.01)).toBe(8);
    expect(wilcoxonMinDatasets(0.0625)).toBe(6);
    // Holm multiplies the smallest p-value by m: 2 · 2/2⁶ = 0.0625, 2 · 2/2⁷ = 0.031; 5 · 2/2⁷ = 0.078, 5 · 2/2⁸ = 0.039.
    expect(wilcoxonMinDatasets(0.05, 2)).toBe(7);
    expect(wilcoxonMinDatasets(0.05, 5)).toBe(8);
    expect(wilcoxonMinDatasets(0.05, 6)).toBe(8);
    expect(wilcoxonMinDatasets(0.05, 7)).toBe(9);
  });

  it('with fewer datasets than the Wilcoxon test needs, says so instead of "not significant"', () => {
    const c = comparison(4);
    expect(c.wilcoxonMinDatasets).toBe(7);
    const w = c.wilcoxonVsBest.find((x) => x.label === 'b')!;
    // Exact test, 4 differences of one sign: p = 2/2⁴ = 0.125 is the smallest possible.
    expect(w.minPValue).toBeCloseTo(0.125, 12);
    expect(w.reachable).toBe(false);
    expect(w.mark).toBe('same');
    // Holm over the 2 tests (b and c, both at 0.125): 0.25.
    expect(markCell(wilcoxonMark(c, w, false))).toBe('needs ≥ 7 datasets (p 0.250)');
    expect(taskVerdictText(c)).toContain('The Wilcoxon signed-rank test, Holm-corrected over 2 comparisons, needs at least 7 datasets to reach α = 0.05.');
  });

  it('with 6 datasets and 2 tests, Holm keeps every p-value at 0.0625 or more: "needs ≥ 7 datasets", not "not sig."', () => {
    // 6 datasets reach α for one test (2/2⁶ = 0.031), but Holm over 2 doubles the smallest p-value.
    const c = comparison(6);
    const w = c.wilcoxonVsBest.find((x) => x.label === 'b')!;
    expect(w.minPValue).toBeCloseTo(2 / 64, 12);
    expect(w.pHolm).toBeCloseTo(0.0625, 12);
    expect(w.reachable).toBe(false);
    expect(markCell(wilcoxonMark(c, w, false))).toBe('needs ≥ 7 datasets (p 0.063)');
    expect(taskVerdictText(c)).toContain('needs at least 7 datasets to reach α = 0.05.');
  });

  it('with enough datasets for Holm, the Wilcoxon test reaches α: both models significantly worse', () => {
    const c = comparison(7);
    expect(c.wilcoxonMinDatasets).toBe(7);
    for (const label of ['b', 'c']) {
      const w = c.wilcoxonVsBest.find((x) => x.label === label)!;
      expect(w.reachable).toBe(true);
      // Holm over 2 tests, both at 2/2⁷: 0.03125.
      expect(w.pHolm).toBeCloseTo(2 / 64, 12);
      expect(markCell(wilcoxonMark(c, w, false))).toBe('▼ worse (p 0.031)');
    }
    expect(taskVerdictText(c)).not.toContain('Wilcoxon');
  });

  it('says a shared best mean rank as a tie, in words and in bold, never "a has the best mean rank"', () => {
    // a and b tie on every dataset (mean ranks 1.5 each), c and d trail: no "a is best" between a and b.
    const results = [];
    for (let k = 0; k < 4; k++) {
      const v = 0.9 - 0.01 * k;
      results.push(...jobsOf(`ds${k}`, 'classification', { a: [v, v + 0.02, v], b: [v, v + 0.02, v], c: [v - 0.1, v - 0.08, v - 0.1], d: [v - 0.2, v - 0.15, v - 0.2] }));
    }
    const summary = summarize(results, null);
    const c = summary.comparisons[0]!;
    expect(c.meanRanks.slice(0, 2)).toEqual([1.5, 1.5]);
    const text = taskVerdictText(c);
    expect(text).toContain('Over 4 classification datasets, a and b share the best mean rank (1.50 of 4).');
    expect(text).not.toContain('a has the best mean rank');
    const md = renderMarkdown(summary);
    expect(md).toMatch(/^\| a \| \*\*1\.50\*\* \|/m);
    expect(md).toMatch(/^\| b \| \*\*1\.50\*\* \|/m);
    expect(md).toMatch(/^\| c \| 3\.00 \|/m);
  });

  it('the overview marks every model tied for best on a dataset, not only the first (Markdown bold, HTML best cell, terminal star)', async () => {
    const jobs = jobsOf('d', 'classification', { a: [1, 1, 1], b: [1, 1, 1], c: [0.9, 0.95, 0.9] });
    const summary = summarize(jobs, null);
    expect(summary.datasets[0]!.verdict.best).toEqual(['a', 'b']);
    const overview = renderMarkdown(summary).split('## Overview')[1]!;
    expect(overview).toMatch(/^\| a \| \*\*1\.000\*\* \|/m);
    expect(overview).toMatch(/^\| b \| \*\*1\.000\*\* \|/m);
    expect(overview).toMatch(/^\| c \| 0\.917 \|/m);
    const table = (await renderHtml(summary, jobs)).split('<table class="overview">')[1]!.split('</table>')[0]!;
    const bestCells = table.match(/<td class="[^"]*best[^"]*"/g) ?? [];
    expect(bestCells.length).toBe(2);
    // The terminal's "* = best" star: on both tied models.
    const starred = renderTerminalSummary(summary).split('\n').filter((l) => /^\s*\S+\s+[abc]\s/.test(l) && l.includes(' *'));
    expect(starred.map((l) => l.trim().split(/\s+/)[1])).toEqual(['a', 'b']);
  });

  it('writes an infinite Iman–Davenport F as ∞, not n/a', () => {
    const c = comparison(4);
    expect(c.friedman!.imanDavenportF).toBeNull();
    expect(taskVerdictText(c)).toContain('(Iman–Davenport F = ∞, p < 0.001) says the models differ.');
  });
});

describe('every renderer says the same words', () => {
  it('markdown, HTML and terminal carry the dataset verdict and the Wilcoxon limit', async () => {
    const loaded = await loadRun(FIXTURE_DIR);
    const summary = summarize(loaded.results, loaded.run, { warnings: loaded.warnings });
    const md = renderMarkdown(summary);
    const html = await renderHtml(summary, loaded.results);
    const term = renderTerminalSummary(summary);
    expect(md).toContain('| mlp | 2.25 | 2.5 | 2 | needs ≥ 7 datasets (p 1.000) |');
    expect(html).toContain('needs ≥ 7 datasets (p 1.000)');
    expect(md).not.toContain('no diff.');
    expect(html).not.toContain('no diff.');
    for (const text of [md, html, term]) expect(text).toContain('The Wilcoxon signed-rank test, Holm-corrected over 3 comparisons, needs at least 7 datasets to reach α = 0.05.');
  }, 30_000);
});
