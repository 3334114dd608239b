import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseResults } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { loadRun, renderCsv, renderHtml, renderMarkdown, renderTerminalSummary, summarize, writeReports } from '../src/index.js';
import { anytimeChartSpec } from '../src/tuning-charts.js';
import { FIXTURE_DIR, XSS } from './helpers.js';
import { DIABETES, EVALS, FOLDS, INNER, IRIS, tunedResults, tunedRunInfo, writeTunedRun } from './tuning-fixture.js';

const results = tunedResults();
const run = tunedRunInfo();
const summary = summarize(results, run);
const outerCount = (IRIS.length + DIABETES.length) * FOLDS;
const tunedModels = [...IRIS, ...DIABETES].filter((p) => p.tune).length;
const tuned = (dataset: string, label: string) => summary.tuning!.models.find((m) => m.dataset === dataset && m.label === label)!;

describe('the hand-made tuned run follows the results contract', () => {
  it('every line, outer and inner, is a valid result line for core’s parser', () => {
    const text = results.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const parsed = parseResults(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.results).toHaveLength(outerCount + tunedModels * FOLDS * EVALS * INNER);
  });
});

describe('inner trials are kept out of everything but the tuning section', () => {
  it('the run’s job counts are the outer jobs; the inner trials are counted apart, with the one that failed', () => {
    expect(summary.counts).toEqual({ jobs: outerCount, ok: outerCount, error: 0, timeout: 0, skipped: 0 });
    expect(summary.tuning!.innerTrials).toEqual({ total: tunedModels * FOLDS * EVALS * INNER, ok: tunedModels * FOLDS * EVALS * INNER - 1, error: 1, timeout: 0, skipped: 0 });
  });

  it('leaderboard rows count only outer folds, and their times are the outer jobs’ times (inner trials took 50 ms)', () => {
    const iris = summary.datasets.find((d) => d.name === 'iris')!;
    for (const r of iris.models) {
      expect(r.folds, r.label).toEqual({ total: FOLDS, ok: FOLDS, error: 0, timeout: 0, skipped: 0 });
      expect(r.fitMs!.mean, r.label).toBe(2);
      expect(r.predictMs!.mean, r.label).toBe(1);
    }
    const knnTuned = iris.models.find((r) => r.label === 'knn (tuned)')!;
    expect(knnTuned.metrics.accuracy!.mean).toBeCloseTo(0.954, 12); // the outer score, not the inner 0.978
    expect(knnTuned.status).toBe('ok');
  });

  it('report.html draws the same page with and without the inner trial lines (times, boundaries and curves use outer jobs)', async () => {
    const outer = results.filter((r) => !r.inner);
    // Chart element ids get a page-wide counter prefix (c12-…): equal pages differ only there.
    const norm = (html: string) => html.replace(/\bc\d+-/g, 'c-');
    expect(norm(await renderHtml(summary, results))).toBe(norm(await renderHtml(summary, outer)));
  });

  it('results.csv has one row per outer job', () => {
    expect(renderCsv(results).trimEnd().split('\n')).toHaveLength(outerCount + 1);
  });

  it('the terminal, Markdown and HTML count the outer jobs and say how many inner trials ran', async () => {
    const md = renderMarkdown(summary);
    expect(md).toContain(`${outerCount} jobs, ${outerCount} ok`);
    expect(md).toContain(`${tunedModels * FOLDS * EVALS * INNER} inner trials ran (1 did not finish); they are not among the run's ${outerCount} jobs`);
    expect(renderTerminalSummary(summary)).toContain(`Tuning (nested cross-validation): ${tunedModels * FOLDS * EVALS * INNER} inner trials, not counted among the ${outerCount} jobs.`);
    expect(renderTerminalSummary(summary)).toContain('  diabetes · svm (tuned): +0.300 R² vs svm (95 % interval [+0.287, +0.313]), ▲ better; optimism +3.000 RMSE');
    const html = await renderHtml(summary, results);
    expect(html).toContain(`${outerCount} jobs, ${outerCount} ok`);
  });
});

describe('tuned and default variants are separate rows', () => {
  it('in the leaderboard, with the tuned row showing its fixed parameters only (the searched ones differ per fold)', () => {
    const iris = summary.datasets.find((d) => d.name === 'iris')!;
    expect(iris.models.map((r) => r.label).sort()).toEqual(['dummy', 'knn', 'knn (tuned)', 'knn(nNeighbors=15)', 'svm', 'svm (tuned)']);
    expect(iris.models.find((r) => r.label === 'knn (tuned)')!.params).toEqual({ weights: 'uniform' });
    expect(iris.models.find((r) => r.label === 'svm (tuned)')!.params).toEqual({});
    expect(iris.models.find((r) => r.label === 'svm (tuned)')!.searched).toEqual(['C', 'gamma']);
    expect(iris.models.find((r) => r.label === 'svm')!.searched).toBeUndefined();
    const md = renderMarkdown(summary);
    expect(md).toMatch(/\| knn \(tuned\) \| weights=uniform; tuned: nNeighbors \|/);
    expect(md).toMatch(/\| svm \(tuned\) \| tuned: C, gamma \|/);
    expect(md).toMatch(/\| svm \| defaults \|/);
    // The tuned row is the best on iris; the default row is tested against it like any other row.
    expect(iris.best).toBe('knn (tuned)');
    expect(iris.models.find((r) => r.label === 'knn')!.vsBest!.against).toBe('knn (tuned)');
    expect(iris.models.find((r) => r.label === 'knn')!.vsBest!.nPairs).toBe(FOLDS);
  });

  it('in the ranks across datasets (both svm rows are compared on both datasets)', () => {
    const cls = summary.comparisons.find((c) => c.task === 'classification')!;
    expect(cls.datasets).toEqual(['iris']);
    const reg = summary.comparisons.find((c) => c.task === 'regression')!;
    expect(reg.models).toContain('svm (tuned)');
    expect(reg.models).toContain('svm');
  });
});

describe('tuned against default, on the same outer folds', () => {
  it('knn (tuned) is compared with knn at its defaults, not with the knn(nNeighbors=15) variant ranked above it', () => {
    const iris = summary.datasets.find((d) => d.name === 'iris')!;
    expect(iris.models.findIndex((r) => r.label === 'knn(nNeighbors=15)')).toBeLessThan(iris.models.findIndex((r) => r.label === 'knn'));
    expect(tuned('iris', 'knn (tuned)').vsDefault!.default).toBe('knn');
  });

  it('gives the mean paired difference, the 95 % corrected resampled t interval and p (scipy 1.10.1 by hand: mean ± t.ppf(0.975, 4)·√((1/5 + 30/120)·s²))', () => {
    const v = tuned('iris', 'knn (tuned)').vsDefault!;
    expect(v.nPairs).toBe(5);
    expect(v.meanDiff).toBeCloseTo(0.04799999999999997, 12);
    expect(v.lower).toBeCloseTo(0.017396067870378402, 10);
    expect(v.upper).toBeCloseTo(0.07860393212962155, 10);
    expect(v.t).toBeCloseTo(4.354648431614535, 10);
    expect(v.pValue).toBeCloseTo(0.012112835399944077, 10);
    expect(v.mark).toBe('better');
    expect(v.confidence).toBe(0.95);
    expect(v.tunedScore!.mean).toBeCloseTo(0.954, 12);
    expect(v.defaultScore!.mean).toBeCloseTo(0.906, 12);
  });

  it('a tuned model equal to its default on every fold is said to tie, not to be "not significant"', () => {
    const rs = tunedResults().map((r) => ({ ...r, metrics: { ...r.metrics } }));
    const base = new Map(rs.filter((r) => r.dataset === 'iris' && r.label === 'svm' && !r.inner).map((r) => [`${r.repeat}/${r.fold}`, r.metrics]));
    for (const r of rs) if (r.dataset === 'iris' && r.label === 'svm (tuned)' && !r.inner) r.metrics = { ...base.get(`${r.repeat}/${r.fold}`)! };
    const s = summarize(rs, run);
    const v = s.tuning!.models.find((m) => m.dataset === 'iris' && m.label === 'svm (tuned)')!.vsDefault!;
    expect([v.meanDiff, v.lower, v.upper, v.mark]).toEqual([0, 0, 0, 'same']);
    const text = renderTerminalSummary(s);
    expect(text).toMatch(/iris · svm \(tuned\): 0\.000 Accuracy vs svm \(95 % interval \[0\.000, 0\.000\]\), = tie \(equal on every fold\)/);
    // an equal mean over different folds is still only "not significant"
    expect(renderTerminalSummary(summary)).toMatch(/iris · svm \(tuned\): [^\n]*= not sig\./);
    // the sentences of the Markdown and HTML reports say the tie too, not "not a significant difference"
    const sentence =
      'On iris, svm (tuned) scores 0.946 Accuracy against 0.946 for svm at its defaults (outer folds of nested cross-validation): a tie, the same score on each of the 5 paired folds, so tuning changes nothing here.';
    expect(renderMarkdown(s)).toContain(`- ${sentence}`);
    expect(renderMarkdown(s)).not.toMatch(/On iris, svm \(tuned\)[^\n]*not a significant difference/);
    expect(renderMarkdown(summary)).toMatch(/On iris, svm \(tuned\)[^\n]*, not a significant difference: the defaults do as well as far as these folds can tell\./);
  });

  it('a tuned model significantly below its default is said to be worse, in the mark and the sentence', () => {
    // knn (tuned) and knn swap their outer scores on iris: tuning now loses 0.048 with p = 0.012.
    const rs = tunedResults().map((r) => ({ ...r, metrics: { ...r.metrics } }));
    const pick = (label: string) => new Map(rs.filter((r) => r.dataset === 'iris' && r.label === label && !r.inner).map((r) => [`${r.repeat}/${r.fold}`, { ...r.metrics }]));
    const [t, d] = [pick('knn (tuned)'), pick('knn')];
    for (const r of rs) {
      if (r.dataset !== 'iris' || r.inner) continue;
      if (r.label === 'knn (tuned)') r.metrics = d.get(`${r.repeat}/${r.fold}`)!;
      if (r.label === 'knn') r.metrics = t.get(`${r.repeat}/${r.fold}`)!;
    }
    const s = summarize(rs, run);
    const v = s.tuning!.models.find((m) => m.dataset === 'iris' && m.label === 'knn (tuned)')!.vsDefault!;
    expect(v.meanDiff).toBeCloseTo(-0.048, 12);
    expect(v.pValue).toBeCloseTo(0.012112835399944077, 10);
    expect(v.mark).toBe('worse');
    expect(renderMarkdown(s)).toMatch(/On iris, knn \(tuned\)[^\n]*p = 0\.012, 5 paired folds\), the tuned model is significantly worse than the defaults\./);
    expect(renderTerminalSummary(s)).toContain('iris · knn (tuned): −0.048 Accuracy vs knn (95 % interval [−0.079, −0.017]), ▼ worse');
  });

  it('an equal mean is not significant and its interval straddles 0 symmetrically', () => {
    const v = tuned('iris', 'svm (tuned)').vsDefault!;
    expect(v.meanDiff).toBeCloseTo(0, 12);
    expect(v.lower).toBeCloseTo(-0.052679341985104974, 10);
    expect(v.upper).toBeCloseTo(0.052679341985104974, 10);
    expect(v.mark).toBe('same');
  });

  it('the interval follows α (99 % is wider than 95 %)', () => {
    const v99 = summarize(results, run, { alpha: 0.01 }).tuning!.models.find((m) => m.label === 'knn (tuned)')!.vsDefault!;
    const v95 = tuned('iris', 'knn (tuned)').vsDefault!;
    expect(v99.confidence).toBe(0.99);
    expect(v99.lower!).toBeLessThan(v95.lower!);
    expect(v99.upper!).toBeGreaterThan(v95.upper!);
  });

  it('regression: the difference is in R² on the outer folds (353 / 89 rows)', () => {
    const v = tuned('diabetes', 'svm (tuned)').vsDefault!;
    expect(v.metric).toBe('r2');
    expect(v.meanDiff).toBeCloseTo(0.30000000000000004, 12);
    expect(v.lower).toBeCloseTo(0.2867991108518012, 10);
    expect(v.upper).toBeCloseTo(0.3132008891481989, 10);
  });

  it('pairs only the folds both finished: a failed tuned fold leaves 4 pairs; one pair leaves no test', () => {
    const broken = results.map((r) => (r.jobId === 'iris/knn (tuned)/r0/f4' ? { ...r, status: 'error' as const, error: 'boom', metrics: {} } : r));
    const v = summarize(broken, run).tuning!.models.find((m) => m.label === 'knn (tuned)')!.vsDefault!;
    expect(v.nPairs).toBe(4);
    expect(v.meanDiff).toBeCloseTo((0.07 + 0.04 + 0.06 + 0.04) / 4, 12);
    // The default's fold 1 timed out: the tuned fold 1 has no partner.
    // (Its metrics are left on the line: a job that did not finish is never scored, whatever it holds.)
    const noDefault1 = results.map((r) => (r.jobId === 'iris/knn/r0/f1' ? { ...r, status: 'timeout' as const, error: 'timed out' } : r));
    const u = summarize(noDefault1, run).tuning!.models.find((m) => m.label === 'knn (tuned)')!.vsDefault!;
    expect(u.nPairs).toBe(4);
    expect(u.meanDiff).toBeCloseTo((0.07 + 0.06 + 0.04 + 0.03) / 4, 12);
    const one = results.filter((r) => !(r.label === 'knn (tuned)' && r.fold > 0));
    const w = summarize(one, run).tuning!.models.find((m) => m.label === 'knn (tuned)')!.vsDefault!;
    expect(w.nPairs).toBe(1);
    expect([w.lower, w.upper, w.pValue, w.mark]).toEqual([null, null, null, null]);
  });

  it('a tuned model whose every outer fold failed keeps its row, with the settings from run.json and nothing measured', async () => {
    const failed = results.map((r) => (r.label === 'knn (tuned)' && !r.inner ? { ...r, status: 'error' as const, error: 'boom', metrics: {}, tuning: undefined } : r));
    const s = summarize(failed, run);
    const m = s.tuning!.models.find((x) => x.label === 'knn (tuned)')!;
    expect([m.strategy, m.budget, m.innerFolds, m.metric, m.outerFolds]).toEqual(['random', { evals: EVALS }, INNER, 'accuracy', 0]);
    expect([m.optimism, m.evaluations, m.anytime, m.chosen, m.vsDefault!.nPairs, m.vsDefault!.meanDiff]).toEqual([null, null, [], [], 0, null]);
    expect(renderMarkdown(s)).toContain('On iris, knn (tuned) scores n/a Accuracy against 0.906 for knn at its defaults (outer folds of nested cross-validation); only 0 outer folds paired, so no test.');
    expect(await renderHtml(s, failed)).toContain('<section id="tuning">');
  });

  it('a tuned family without a default row has no comparison, and says so', () => {
    const noDefault = results.filter((r) => !(r.dataset === 'iris' && r.label === 'knn'));
    const m = summarize(noDefault, run).tuning!.models.find((x) => x.label === 'knn (tuned)')!;
    expect(m.vsDefault).toBeNull();
    expect(renderMarkdown(summarize(noDefault, run))).toContain('knn (tuned) has no default row of knn to compare with on iris');
  });
});

describe('optimism of the non-nested estimate', () => {
  it('is the mean best inner score minus the mean outer score for a score (accuracy)', () => {
    const o = tuned('iris', 'knn (tuned)').optimism!;
    expect(o.meanBestInner).toBeCloseTo(0.978, 12);
    expect(o.meanOuter).toBeCloseTo(0.954, 12);
    expect(o.optimism).toBeCloseTo(0.024, 12);
    expect(o.folds).toBe(5);
  });

  it('is the outer minus the inner for a loss (RMSE), so optimism is positive either way', () => {
    const o = tuned('diabetes', 'svm (tuned)').optimism!;
    expect(o.metric).toBe('rmse');
    expect(o.meanBestInner).toBeCloseTo(53, 12);
    expect(o.meanOuter).toBeCloseTo(56, 12);
    expect(o.optimism).toBeCloseTo(3, 12);
  });
});

describe('anytime curves', () => {
  it('average the best-so-far inner score and the CPU seconds over the outer folds at each evaluation', () => {
    const a = tuned('iris', 'knn (tuned)').anytime;
    expect(a.map((p) => p.evaluations)).toEqual([1, 2, 3, 4]);
    expect(a[1]!.best).toBeCloseTo((0.95 + 0.92 + 0.96 + 0.98 + 0.91) / 5, 12);
    expect(a[1]!.cpuSeconds).toBeCloseTo((20 + 24 + 16 + 20 + 20) / 5000, 12);
    expect(a[3]!.best).toBeCloseTo(0.978, 12); // the last point is the mean best inner score
    expect(a.every((p) => p.folds === 5)).toBe(true);
  });

  it('stop at the fewest evaluations any outer fold made (a time budget), so every point averages the same folds', () => {
    const short = results.map((r) =>
      r.jobId === 'iris/knn (tuned)/r0/f2' && r.tuning ? { ...r, tuning: { ...r.tuning, evaluations: 2, anytime: r.tuning.anytime.slice(0, 2) } } : r,
    );
    const m = summarize(short, run).tuning!.models.find((x) => x.label === 'knn (tuned)')!;
    expect(m.anytime.map((p) => p.evaluations)).toEqual([1, 2]);
    expect(m.evaluationRange).toEqual([2, 4]);
  });

  it('are drawn as a chart with one line per tuned model, against evaluations and CPU seconds', async () => {
    const spec = anytimeChartSpec('iris', summary.tuning!.models.filter((m) => m.dataset === 'iris'));
    const values = (spec as unknown as { data: { values: Array<{ label: string }> } }).data.values;
    expect(new Set(values.map((v) => v.label))).toEqual(new Set(['knn (tuned)', 'svm (tuned)']));
    expect(values).toHaveLength(2 * EVALS);
    // Colours follow the label, not the leaderboard order: reversed input, same index per label.
    const reversed = anytimeChartSpec('iris', summary.tuning!.models.filter((m) => m.dataset === 'iris').reverse());
    const idx = (spec: unknown) => new Map((spec as { data: { values: Array<{ label: string; i: number }> } }).data.values.map((v) => [v.label, v.i]));
    expect(idx(reversed)).toEqual(new Map([['knn (tuned)', 0], ['svm (tuned)', 1]]));
    expect(idx(spec)).toEqual(idx(reversed));
    const html = await renderHtml(summary, results);
    expect(html.match(/<figure class="chart anytime">/g)).toHaveLength(2);
  });

  it('Markdown shows them compactly: the mean best-so-far after 1, 2 and 4 evaluations', () => {
    const md = renderMarkdown(summary);
    expect(md).toContain('| Tuned model | Inner metric | after 1 | after 2 | after 4 |');
    expect(md).toContain('| knn (tuned) | Accuracy | 0.914 (0.01 s) | 0.944 (0.02 s) | 0.978 (0.04 s) |');
  });
});

describe('chosen parameters per outer fold', () => {
  it('lists the searched parameters of each fold (the fixed ones left out) with the inner score of the choice', () => {
    const m = tuned('iris', 'knn (tuned)');
    expect(m.chosen.map((c) => c.params)).toEqual([{ nNeighbors: 15 }, { nNeighbors: 15 }, { nNeighbors: 5 }, { nNeighbors: 15 }, { nNeighbors: 9 }]);
    expect(m.chosen.map((c) => c.bestInnerScore)).toEqual([0.98, 0.99, 0.97, 0.98, 0.97]);
  });

  it('says how stable each parameter is: its most frequent value, on how many folds, among how many values', () => {
    expect(tuned('iris', 'knn (tuned)').stability).toEqual([{ name: 'nNeighbors', mostFrequent: 15, count: 3, folds: 5, distinct: 3, range: [5, 15] }]);
    expect(tuned('iris', 'svm (tuned)').stability).toEqual([
      { name: 'C', mostFrequent: 10, count: 4, folds: 5, distinct: 2, range: [1, 10] },
      { name: 'gamma', mostFrequent: 0.1, count: 4, folds: 5, distinct: 2, range: [0.1, 1] },
    ]);
    expect(renderMarkdown(summary)).toContain('**svm (tuned)** on iris: C = 10 on 4 of 5 folds (2 values); gamma = 0.1 on 4 of 5 folds (2 values).');
  });

  it('on a tie, the most frequent value is the first chosen in fold order', () => {
    // Folds choose 15, 15, 5, 5, 9: 15 and 5 twice each, 15 first.
    const tie = results.map((r) => (r.jobId === 'iris/knn (tuned)/r0/f3' && r.tuning ? { ...r, params: { ...r.params, nNeighbors: 5 } } : r));
    const s = summarize(tie, run).tuning!.models.find((x) => x.label === 'knn (tuned)')!.stability[0]!;
    expect(s).toEqual({ name: 'nNeighbors', mostFrequent: 15, count: 2, folds: 5, distinct: 3, range: [5, 15] });
  });

  it('a real-valued parameter chosen differently on every fold is shown by its range, to 4 significant digits', () => {
    const cs = [66.71738101240683, 0.6717, 3.5, 156.75608403398957, 12];
    let f = 0;
    const spread = results.map((r) => (r.label === 'svm (tuned)' && r.dataset === 'iris' && r.tuning ? { ...r, params: { ...r.params, C: cs[f++]! } } : r));
    const s = summarize(spread, run);
    const m = s.tuning!.models.find((x) => x.label === 'svm (tuned)' && x.dataset === 'iris')!;
    expect(m.stability[0]).toEqual({ name: 'C', mostFrequent: 66.71738101240683, count: 1, folds: 5, distinct: 5, range: [0.6717, 156.75608403398957] });
    expect(renderMarkdown(s)).toContain('**svm (tuned)** on iris: C from 0.6717 to 156.8 (5 values, none twice); gamma = 0.1 on 4 of 5 folds (2 values).');
  });

  it('a categorical parameter has no range', () => {
    const cat = results.map((r) => (r.label === 'knn (tuned)' && r.tuning ? { ...r, params: { ...r.params, nNeighbors: `n${r.fold}` } } : r));
    const st = summarize(cat, run).tuning!.models.find((x) => x.label === 'knn (tuned)')!.stability[0]!;
    expect(st.range).toBeNull();
    expect(renderMarkdown(summarize(cat, run))).toContain('nNeighbors = n0 on 1 of 5 folds (5 values)');
  });
});

describe('the words', () => {
  const md = renderMarkdown(summary);
  it('say nested cross-validation and call the inner score the inner score, never the model’s score', () => {
    expect(md).toContain('## Tuning (nested cross-validation)');
    expect(md).toContain("A tuned model's score is that outer score");
    expect(md).toContain(
      'On iris, knn (tuned) scores 0.954 Accuracy against 0.906 for knn at its defaults (outer folds of nested cross-validation): tuning changes it by +0.048 (95 % interval \\[+0.017, +0.079\\], corrected resampled t-test p = 0.012, 5 paired folds), tuning helps significantly.',
    );
    expect(md).toContain('Optimism: the best mean inner score (0.978 Accuracy, the non-nested estimate) overstates the outer score by 0.024 (0.954, mean over 5 outer folds).');
    expect(md).not.toMatch(/scores 0\.978/);
    expect(md).toContain('tuning changes it by +0.300 (95 % interval \\[+0.287, +0.313\\], corrected resampled t-test p \\< 0.001, 5 paired folds)');
    expect(md).toContain('| diabetes | svm (tuned) | svm | 0.150 ± 0.020 | 0.450 ± 0.024 | +0.300 | \\[+0.287, +0.313\\] | \\< 0.001 | ▲ better | +3.000 RMSE | 4 | 0.20 |');
    expect(md).toContain('tuning changes it by +0.300 (95 % interval \\[+0.287, +0.313\\], corrected resampled t-test p \\< 0.001, 5 paired folds)');
    expect(md).toContain('| diabetes | svm (tuned) | svm | 0.150 ± 0.020 | 0.450 ± 0.024 | +0.300 | \\[+0.287, +0.313\\] | \\< 0.001 | ▲ better | +3.000 RMSE | 4 | 0.20 |');
  });

  it('a run without tuning has no tuning section and a null tuning summary', async () => {
    const plain = await loadRun(FIXTURE_DIR);
    const s = summarize(plain.results, plain.run, { warnings: plain.warnings });
    expect(s.tuning).toBeNull();
    expect(renderMarkdown(s)).not.toContain('Tuning');
    expect(await renderHtml(s, plain.results)).not.toContain('id="tuning"');
    expect(renderTerminalSummary(s)).not.toContain('Tuning');
  });
});

describe('names from the data stay text in the tuning section', () => {
  it('a hostile tuned label and parameter value are escaped in HTML and Markdown, and the anytime chart is still drawn', async () => {
    const evil = (l: string) => (l === 'knn (tuned)' ? `knn (tuned) ${XSS} a|b` : l);
    const hostile = results.map((r) => ({ ...r, label: evil(r.label), params: r.tuning ? { ...r.params, nNeighbors: `${XSS}|` } : r.params }));
    const s = summarize(hostile, null);
    const warnings: string[] = [];
    const html = await renderHtml(s, hostile, { chartWarnings: warnings });
    const section = html.slice(html.indexOf('<section id="tuning">'));
    expect(section).not.toContain(XSS);
    expect(section).toContain('knn (tuned) &lt;script&gt;alert(1)&lt;/script&gt; a|b');
    expect(section.match(/<figure class="chart anytime">/g)).toHaveLength(2);
    expect(warnings.filter((w) => w.startsWith('error'))).toEqual([]);
    const md = renderMarkdown(s);
    expect(md).not.toContain(XSS);
    expect(md).toContain('knn (tuned) \\<script\\>alert(1)\\</script\\> a\\|b');
  });
});

describe('writeReports on the tuned run folder', () => {
  it('writes summary.json with the tuning numbers and a report.html with the tuning section', async () => {
    const dir = writeTunedRun();
    const { summary: written } = await writeReports(dir);
    const json = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as typeof written;
    expect(json.tuning!.models).toHaveLength(3);
    expect(json.tuning!.models[0]!.vsDefault!.meanDiff).toBeCloseTo(0.048, 12);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<section id="tuning">');
    expect(html).toContain('<a href="#tuning">Tuning</a>');
  });
});
