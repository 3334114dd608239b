/**
 * The report's Bayesian comparisons (issue 13): the summary feeds core's tests the right folds,
 * orientation, ROPE and seed; the same seed gives the same probabilities whatever order the jobs
 * finished in; the words and the triangle plot say what the numbers say.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoRank, bayesianCorrelatedTTest, bayesianSignedRankTest, deriveSeed, effectSizeRope, Rng, type JobResult, type RunInfo } from '@mlcompare/core';
import { renderHtml, renderMarkdown, summarize } from '../src/index.js';
import { simplexSpec, SIMPLEX_POINTS } from '../src/bayes-chart.js';
import { bayesOutcome, datasetBayes, ropeUse, signedRankPoints } from '../src/bayes-summary.js';
import { autorankText, bayesDatasetText, bayesTaskText, probText, probTexts, ropeText } from '../src/bayes-words.js';
import { escapeHtml } from '../src/escape.js';
import { FIXTURE_DIR, job, jobsOf } from './helpers.js';

/** The fixture's run.json with some fields replaced. */
function runInfo(patch: { seed?: number; rope?: RunInfo['suite']['rope']; primaryMetric?: RunInfo['primaryMetric'] } = {}): RunInfo {
  const run = JSON.parse(readFileSync(join(FIXTURE_DIR, 'run.json'), 'utf8')) as RunInfo;
  return {
    ...run,
    datasets: [],
    seed: patch.seed ?? run.seed,
    primaryMetric: patch.primaryMetric ?? run.primaryMetric,
    suite: { ...run.suite, ...(patch.rope !== undefined && { rope: patch.rope }) },
  };
}

/** Jobs with an RMSE (lower is better) instead of R². */
function rmseJobs(dataset: string, scores: Record<string, number[]>): JobResult[] {
  return jobsOf(dataset, 'regression', scores).map((j) => ({ ...j, metrics: { rmse: j.metrics!['r2']! } }));
}

describe('per dataset: the Bayesian correlated t-test against the best', () => {
  const scores = {
    a: [0.91, 0.93, 0.9, 0.92, 0.94],
    b: [0.9, 0.935, 0.9, 0.915, 0.93],
    c: [0.85, 0.9, 0.82, 0.88, 0.86],
  };

  it("is core's test on the paired folds, model as x, ρ = nTest / (nTrain + nTest), the default ROPE 0.01 for accuracy", () => {
    const d = summarize(jobsOf('d', 'classification', scores), null).datasets[0]!;
    const bayes = d.bayes!;
    expect(bayes.reference).toBe('a');
    expect(bayes.rope).toEqual({ setting: 'auto', mode: 'fixed', value: 0.01 });
    // helpers.job: 80 training rows, 20 test rows.
    expect(bayes.testFraction).toBe(0.2);
    for (const label of ['b', 'c'] as const) {
      const r = bayesianCorrelatedTTest(scores[label], scores.a, { rope: 0.01, testFraction: 0.2 });
      const p = bayes.pairs.find((x) => x.label === label)!;
      expect(p.better).toBe(r.left);
      expect(p.equivalent).toBe(r.rope);
      expect(p.worse).toBe(r.right);
      expect(p.scale).toBe(r.scale);
      expect(p.nPairs).toBe(5);
    }
    expect(bayes.pairs.map((p) => [p.label, p.outcome])).toEqual([
      ['b', 'equivalent'],
      ['c', 'worse'],
    ]);
  });

  it('orients a lower-is-better metric (RMSE): the model that errs less is "better"; with no default ROPE, autorank\'s', () => {
    const errors = { lo: [1.0, 1.2, 0.9, 1.1], hi: [1.5, 1.7, 1.4, 1.8] };
    const d = summarize(rmseJobs('r', errors), runInfo({ primaryMetric: { classification: 'accuracy', regression: 'rmse' } })).datasets[0]!;
    const bayes = d.bayes!;
    expect(bayes.reference).toBe('lo');
    expect(bayes.rope).toEqual({ setting: 'auto', mode: 'autorank', value: null });
    const p = bayes.pairs[0]!;
    const x = errors.hi.map((v) => -v);
    const y = errors.lo.map((v) => -v);
    // autorank's ROPE: a tenth of the pooled SD of the pair's fold scores.
    expect(p.rope).toBe(effectSizeRope(x, y, { normal: true }));
    const r = bayesianCorrelatedTTest(x, y, { rope: p.rope, testFraction: 0.2 });
    expect([p.better, p.equivalent, p.worse]).toEqual([r.left, r.rope, r.right]);
    expect(p.worse).toBeGreaterThan(0.9);
    expect(p.meanDiff).toBeCloseTo(0.55, 12);
    expect(bayesDatasetText(d)).toBe(
      "Against lo by the Bayesian correlated t-test (ROPE a tenth of each pair's pooled spread (autorank's rule, since RMSE has no default ROPE)): " +
        `hi is worse than the best by more than the ROPE with probability ${probText(p.worse)}.`,
    );
  });

  it('takes the ROPE from the option, else run.json, else "auto"; refuses a bad one by name', () => {
    const jobs = jobsOf('d', 'classification', scores);
    expect(summarize(jobs, runInfo({ rope: 0.05 })).datasets[0]!.bayes!.rope).toEqual({ setting: 0.05, mode: 'fixed', value: 0.05 });
    expect(summarize(jobs, runInfo({ rope: 0.05 }), { rope: 0 }).datasets[0]!.bayes!.rope).toEqual({ setting: 0, mode: 'fixed', value: 0 });
    expect(summarize(jobs, runInfo({ rope: 0.05 }), { rope: 0 }).rope).toBe(0);
    const wide = summarize(jobs, null, { rope: 0.1 }).datasets[0]!.bayes!;
    // c trails by 0.058: with a ROPE of ±0.1 it is practically equivalent.
    expect(wide.pairs.find((p) => p.label === 'c')!.outcome).toBe('equivalent');
    for (const rope of [-1, Number.NaN, Infinity, 'wide']) {
      expect(() => summarize(jobs, null, { rope: rope as never })).toThrow(
        expect.objectContaining({ code: 'MLCOMPARE_INPUT', message: expect.stringMatching(/^Option 'rope' passed to 'summarize' must be a number >= 0 in the primary metric's units, 'auto' or 'autorank', but got /) }),
      );
    }
    expect(() => summarize(jobs, null, { bayesSamples: 0 })).toThrow(/^Option 'bayesSamples' passed to 'summarize' must be an integer in \[1, 10000000\], but got 0\.$/);
  });

  it('pairs only the folds both finished; fewer than 2 is "untested"', () => {
    const jobs = jobsOf('d', 'classification', { a: [0.9, 0.92, 0.91], b: [0.8, 0.82, 0.81], c: [0.7, 0.72, 0.71] });
    // b fails folds 1 and 2, c fails fold 0.
    const failed = jobs.map((j) =>
      (j.label === 'b' && j.fold > 0) || (j.label === 'c' && j.fold === 0) ? { ...j, status: 'error' as const, error: 'boom', metrics: {} } : j,
    );
    const bayes = summarize(failed, null).datasets[0]!.bayes!;
    expect(bayes.untested).toEqual(['b']);
    const c = bayes.pairs.find((p) => p.label === 'c')!;
    expect(c.nPairs).toBe(2);
    const r = bayesianCorrelatedTTest([0.72, 0.71], [0.92, 0.91], { rope: 0.01, testFraction: 0.2 });
    expect(c.worse).toBe(r.right);
  });
});

describe('the three probabilities as printed add up to 1', () => {
  it('rounds them together (largest remainder): 0.6447 / 0.1648 / 0.1905 is 0.64 / 0.17 / 0.19, not 0.99 in all', () => {
    expect(probTexts({ better: 0.6447, equivalent: 0.1648, worse: 0.1905 })).toEqual({ better: '0.64', equivalent: '0.17', worse: '0.19' });
    expect(probTexts({ better: 0.2437, equivalent: 0.1857, worse: 0.5706 })).toEqual({ better: '0.24', equivalent: '0.19', worse: '0.57' });
    expect(probTexts({ better: 0.996, equivalent: 0.004, worse: 0 })).toEqual({ better: '> 0.99', equivalent: '< 0.01', worse: '0' });
  });

  it('says 1 only when the other two are exactly 0: beside a positive probability, 1 is a rounded near-certainty', () => {
    expect(probTexts({ better: 1.9e-20, equivalent: 4.3e-21, worse: 1 })).toEqual({ better: '< 0.01', equivalent: '< 0.01', worse: '> 0.99' });
    expect(probTexts({ better: 0, equivalent: 1, worse: 0 })).toEqual({ better: '0', equivalent: '1', worse: '0' });
  });

  it('in the sentence and table of a dataset where one model trails by far more than the ROPE with near-constant gaps', () => {
    // c trails a by 0.1 on every fold (differences equal up to floating-point noise): P(c better)
    // and P(equivalent) are positive but below 10⁻¹⁶, so P(worse) is 1 in floating point.
    const scores = { a: [0.9, 0.92, 0.94, 0.9, 0.91], b: [0.8, 0.8, 0.8, 0.8, 0.8], c: [0.8, 0.82, 0.84, 0.8, 0.81] };
    const s = summarize(jobsOf('d', 'classification', scores), null);
    const p = s.datasets[0]!.bayes!.pairs.find((x) => x.label === 'c')!;
    expect(p.worse).toBe(1);
    expect(p.better).toBeGreaterThan(0);
    const text = renderMarkdown(s);
    expect(text).toMatch(/^\| c \| \\< 0\.01 \| \\< 0\.01 \| \\> 0\.99 \|/m);
    expect(bayesDatasetText(s.datasets[0]!)).not.toMatch(/probabilit(y|ies) (1|[^;]* 1)[;. ]/);
  });

  it('in the per-dataset table of the Markdown report (0.0061 / 0.8252 / 0.1688 once read 0.01 / 0.83 / 0.17 = 1.01)', () => {
    // b's folds give P(better) 0.0061, P(equivalent) 0.8252, P(worse) 0.1688 against a (core's correlated t-test).
    const scores = { a: [0.91, 0.93, 0.9, 0.92, 0.94], b: [0.9, 0.93, 0.89, 0.92, 0.93] };
    const text = renderMarkdown(summarize(jobsOf('d', 'classification', scores), null));
    const row = text.split('\n').find((l) => /^\| b \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \|/.test(l))!;
    expect(row).toBeDefined();
    const cells = row.split('|').slice(2, 5).map((c) => Number(c.trim()));
    expect(cells.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(cells).toEqual([0.01, 0.82, 0.17]);
  });
});

describe('across datasets: the Bayesian signed-rank matrix', () => {
  /** Five classification datasets, four models with distinct means. */
  function results(): JobResult[] {
    const out: JobResult[] = [];
    const rng = new Rng(11);
    for (let k = 0; k < 5; k++) {
      const base = { m1: 0.9, m2: 0.895, m3: 0.86, m4: 0.7 };
      const scores: Record<string, number[]> = {};
      for (const [m, v] of Object.entries(base)) scores[m] = [0, 1, 2].map(() => v + (rng.random() - 0.5) * 0.04);
      out.push(...jobsOf(`ds${k}`, 'classification', scores));
    }
    return out;
  }

  it("is core's test on the dataset means with the seed derived from the run's seed, the task and the two labels; mirrored cells", () => {
    const jobs = results();
    const s = summarize(jobs, runInfo({ seed: 7 }), { bayesSamples: 4000 });
    const c = s.comparisons[0]!;
    const b = c.bayes!;
    expect(b.seed).toBe(7);
    expect(b.nSamples).toBe(4000);
    expect(b.models).toEqual(c.models);
    const means = (label: string): number[] => [...c.datasets].sort().map((n) => s.datasets.find((d) => d.name === n)!.models.find((m) => m.label === label)!.metrics['accuracy']!.mean);
    for (let i = 0; i < b.models.length; i++) {
      for (let j = 0; j < b.models.length; j++) {
        if (i === j) {
          expect(b.matrix[i]![j]).toBeNull();
          continue;
        }
        const [p, q] = [b.models[i]!, b.models[j]!];
        const [first, second] = p < q ? [p, q] : [q, p];
        const r = bayesianSignedRankTest(means(first), means(second), { rope: 0.01, seed: deriveSeed(7, 'bayes-signed-rank', 'classification', first, second), nSamples: 4000 });
        const cell = b.matrix[i]![j]!;
        expect(cell.equivalent).toBe(r.rope);
        expect([cell.better, cell.worse]).toEqual(p === first ? [r.left, r.right] : [r.right, r.left]);
        expect(b.matrix[j]![i]).toEqual({ better: cell.worse, equivalent: cell.equivalent, worse: cell.better, rope: 0.01 });
      }
    }
    // vsBest is row 0 read from the other model's side, with the exact expectation of θ.
    for (const [k, v] of b.vsBest.entries()) {
      const cell = b.matrix[0]![k + 1]!;
      expect([v.label, v.better, v.equivalent, v.worse]).toEqual([b.models[k + 1], cell.worse, cell.equivalent, cell.better]);
      expect(v.expected.better + v.expected.equivalent + v.expected.worse).toBeCloseTo(1, 12);
    }
  });

  it('gives the same probabilities for the same seed whatever order the jobs finished in (1 or N workers), others for another seed', () => {
    const jobs = results();
    const shuffled = new Rng(3).shuffle([...jobs]);
    const sa = summarize(jobs, runInfo({ seed: 5 }), { bayesSamples: 3000 });
    const sb = summarize(shuffled, runInfo({ seed: 5 }), { bayesSamples: 3000 });
    const a = sa.comparisons[0]!.bayes;
    const b = sb.comparisons[0]!.bayes;
    expect(b).toEqual(a);
    // each data set's summary too, its correlated t-tests to the last bit (the folds are added in
    // split order; the data sets come in file order when run.json lists none)
    const byName = (s: typeof sa): typeof sa.datasets => [...s.datasets].sort((x, y) => x.name.localeCompare(y.name));
    expect(byName(sb)).toEqual(byName(sa));
    // with repeats: folds 0–2 of repeat 0 as above, of repeat 1 shifted (ordered by repeat, then fold)
    const two = [...jobs, ...jobs.map((j) => ({ ...j, jobId: `${j.jobId}|r1`, repeat: 1, metrics: { accuracy: j.metrics.accuracy! * 0.97 + 0.013 } }))];
    const sc = summarize(two, runInfo({ seed: 5 }), { bayesSamples: 3000 });
    const sd = summarize(new Rng(4).shuffle([...two]), runInfo({ seed: 5 }), { bayesSamples: 3000 });
    expect(byName(sd)).toEqual(byName(sc));
    const other = summarize(jobs, runInfo({ seed: 6 }), { bayesSamples: 3000 }).comparisons[0]!.bayes!;
    expect(other.matrix).not.toEqual(a!.matrix);
  });

  it('the triangle plot draws the first samples of the very test whose probabilities the summary reports', () => {
    const jobs = results();
    const s = summarize(jobs, runInfo({ seed: 9 }), { bayesSamples: 20000 });
    const c = s.comparisons[0]!;
    const pair = c.bayes!.vsBest[0]!;
    const points = signedRankPoints(c, s.datasets, pair, true, 20000);
    // The share of samples where each θ is the largest (argmax, first on ties) is the reported probability.
    const wins = [0, 0, 0];
    for (const [bestBetter, eq, otherBetter] of points) {
      expect(bestBetter + eq + otherBetter).toBeCloseTo(1, 12);
      wins[bestBetter >= eq && bestBetter >= otherBetter ? 0 : eq >= otherBetter ? 1 : 2]!++;
    }
    expect(wins.map((w) => w / 20000)).toEqual([pair.worse, pair.equivalent, pair.better]);
    // A shorter draw is the beginning of the same stream.
    expect(signedRankPoints(c, s.datasets, pair, true, 50)).toEqual(points.slice(0, 50));
    const spec = simplexSpec(c, s.datasets) as unknown as { concat: Array<{ layer: Array<{ data?: { values: Array<{ x: number; y: number }> } }> }> };
    expect(spec.concat).toHaveLength(c.models.length - 1);
    const dots = spec.concat[0]!.layer[0]!.data!.values;
    expect(dots).toHaveLength(SIMPLEX_POINTS);
    // Every dot inside the triangle (0,0), (1,0), (½, √3/2).
    for (const { x, y } of dots) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(Math.sqrt(3) * Math.min(x, 1 - x) + 1e-12);
    }
  });

  it("runs autorank's test choice on the dataset means, with labels and effect sizes in the table", async () => {
    const jobs = results();
    const s = summarize(jobs, runInfo(), { bayesSamples: 2000 });
    const c = s.comparisons[0]!;
    const a = c.autorank!;
    const byName = new Map(s.datasets.map((d) => [d.name, d]));
    const rows = [...c.datasets].sort().map((n) => c.models.map((l) => byName.get(n)!.models.find((m) => m.label === l)!.metrics['accuracy']!.mean));
    const ref = autoRank(rows, { alpha: 0.05, higherIsBetter: true });
    expect(a.omnibus.test).toBe(ref.omnibus.test);
    expect(a.omnibus.pValue).toBe(ref.omnibus.pValue);
    expect(a.ranking.map((r) => [r.label, r.effectSize, r.magnitude])).toEqual(ref.ranking.map((r) => [c.models[r.model], r.effectSize, r.magnitude]));
    expect(a.normality.notNormal).toEqual(ref.normality.flatMap((x, j) => (x.normal ? [] : [c.models[j]])));
    const text = autorankText(c);
    expect(text).toMatch(/^Test chosen for these data, after autorank: Shapiro–Wilk at α = 0\.05\/4 = 0\.0125 finds /);
    expect(text).toContain(`Effect sizes against ${c.models[0]}: ${a.effectSize === 'cohenD' ? "Cohen's d" : "Akinshin's γ"}`);
    const md = renderMarkdown(s);
    const m4 = a.ranking.find((r) => r.label === 'm4')!;
    expect(md).toMatch(new RegExp(`\\| m4 \\| [^\\n]* \\| ${m4.effectSize!.toFixed(2)} ${m4.magnitude} \\|\\n`));
    expect(md).toContain('### Which differences matter (Accuracy, Bayesian signed-rank test, ROPE ±0.01 Accuracy, the default for accuracy-like metrics)');
    const html = await renderHtml(s, jobs);
    expect(html.match(/<figure class="chart simplex"><svg /g)).toHaveLength(1);
    expect(html).toContain(`<p class="how autorank">${escapeHtml(text)}</p>`);
  }, 30_000);

  it("names the pairs autorank's post-hoc test separates, and only those: Tukey's HSD after ANOVA, Nemenyi's CD after Friedman", () => {
    /** 8 datasets, 2 folds each (the second 0.001 above the first); `means[label][d]` is dataset d's first fold. */
    const comparison = (means: Record<string, number[]>) => {
      const jobs = means['a']!.flatMap((_, d) => jobsOf(`d${d}`, 'classification', Object.fromEntries(Object.entries(means).map(([l, v]) => [l, [v[d]!, v[d]! + 0.001]]))));
      const c = summarize(jobs, null, { bayesSamples: 100 }).comparisons[0]!;
      const rows = [...c.datasets].sort().map((_, d) => c.models.map((l) => means[l]![d]! + 0.0005));
      return { c, ref: autoRank(rows, { alpha: 0.05, higherIsBetter: true }) };
    };
    const a = [0.91, 0.93, 0.9, 0.92, 0.94, 0.915, 0.925, 0.905];
    const b = [0.905, 0.935, 0.895, 0.915, 0.94, 0.91, 0.93, 0.9]; // close to a
    const c = [0.7, 0.73, 0.72, 0.71, 0.74, 0.705, 0.725, 0.715];
    const normal = comparison({ a, b, c });
    expect(normal.c.models).toEqual(['a', 'b', 'c']);
    expect(normal.ref.posthoc!.test).toBe('tukeyHsd');
    expect(normal.c.autorank!.posthoc).toEqual({ test: 'tukeyHsd', criticalDifference: null, different: [['a', 'c'], ['b', 'c']] });
    expect(normal.c.autorank!.omnibus).toMatchObject({ test: 'rmAnova', because: 'normalEqualVariances', significant: true });
    expect(autorankText(normal.c)).toContain("the repeated-measures ANOVA (p < 0.001) finds a significant difference; Tukey's HSD separates a–c and b–c.");
    // one dataset far below the others in every model: not normal, so Friedman and Nemenyi, which separate only a from c
    const skewed = comparison({ a: [...a.slice(0, 7), 0.5], b: [0.81, 0.84, 0.8, 0.83, 0.82, 0.805, 0.835, 0.45], c: [...c.slice(0, 7), 0.3] });
    expect(skewed.ref.posthoc!.test).toBe('nemenyi');
    const cd = skewed.ref.posthoc!.test === 'nemenyi' ? skewed.ref.posthoc!.criticalDifference : NaN;
    expect(skewed.c.autorank!.posthoc).toEqual({ test: 'nemenyi', criticalDifference: cd, different: [['a', 'c']] });
    expect(skewed.c.autorank!.normality.notNormal).toEqual(['a', 'b', 'c']);
    expect(skewed.c.autorank!.omnibus).toMatchObject({ test: 'friedman', because: 'notAllNormal', significant: true });
    expect(autorankText(skewed.c)).toContain(`the Friedman test (p < 0.001) finds a significant difference; Nemenyi's critical difference (CD = ${cd.toFixed(2)}) separates a–c.`);
    // the same values shuffled among the models: no significant difference, and no pair said to be separated
    const flat = comparison({ a, b: [0.92, 0.9, 0.93, 0.905, 0.915, 0.94, 0.91, 0.925], c: [0.93, 0.915, 0.905, 0.94, 0.9, 0.925, 0.92, 0.91] });
    expect(flat.c.autorank!.omnibus).toMatchObject({ test: 'rmAnova', significant: false });
    expect(autorankText(flat.c)).toMatch(/the repeated-measures ANOVA \(p = 1\.000\) finds no significant difference\. Effect sizes/);
  });

  it('says why autorank is missing: fewer than 3 datasets, or no variation', () => {
    const two = summarize([...jobsOf('x', 'classification', { a: [0.9, 0.8], b: [0.7, 0.6] }), ...jobsOf('y', 'classification', { a: [0.9, 0.8], b: [0.7, 0.6] })], null, { bayesSamples: 100 }).comparisons[0]!;
    expect([two.autorank, two.autorankGap]).toEqual([null, 'too-few-datasets']);
    expect(autorankText(two)).toBe('The automatic test choice (autorank) needs at least 3 datasets; this run has 2.');
    const flat = summarize(
      ['x', 'y', 'z'].flatMap((n) => jobsOf(n, 'classification', { a: [0.9, 0.9], b: [0.9, 0.9] })),
      null,
      { bayesSamples: 100 },
    ).comparisons[0]!;
    expect([flat.autorank, flat.autorankGap]).toEqual([null, 'no-variation']);
  });
});

describe('the words of the Bayesian comparisons', () => {
  it('issue 13: "practically equivalent to the best with probability 0.93"', () => {
    const d = summarize(
      jobsOf('d', 'classification', {
        best: [0.9, 0.92, 0.91, 0.93, 0.9, 0.92, 0.91, 0.93, 0.9, 0.92],
        close: [0.895, 0.925, 0.905, 0.935, 0.893, 0.926, 0.904, 0.935, 0.897, 0.915],
      }),
      null,
    ).datasets[0]!;
    const p = d.bayes!.pairs[0]!;
    expect(p.outcome).toBe('equivalent');
    expect(p.equivalent).toBeGreaterThan(0.6);
    expect(p.equivalent).toBeLessThan(0.99);
    expect(bayesDatasetText(d)).toBe(
      `Against best by the Bayesian correlated t-test (ROPE ±0.01 Accuracy, the default for accuracy-like metrics): close is practically equivalent to the best with probability ${probText(p.equivalent)}.`,
    );
  });

  it('names an outcome only above ½, lists the undecided with all three probabilities', () => {
    // Folds that vary a lot around a gap inside the ROPE: no outcome above ½.
    const d = summarize(jobsOf('d', 'classification', { a: [0.9, 0.7, 0.95, 0.75, 0.85], b: [0.7, 0.9, 0.75, 0.95, 0.8] }), null).datasets[0]!;
    const p = d.bayes!.pairs[0]!;
    expect(Math.max(p.better, p.equivalent, p.worse)).toBeLessThanOrEqual(0.5);
    expect(p.outcome).toBe('uncertain');
    expect(bayesDatasetText(d)).toMatch(/: for b no outcome has a probability above ½ \(better 0\.\d\d, equivalent 0\.\d\d, worse 0\.\d\d\)\.$/);
  });

  it('says the ROPE as set: a number for this run, autorank\'s rule', () => {
    expect(ropeText({ setting: 0.02, mode: 'fixed', value: 0.02 }, 'accuracy')).toBe('ROPE ±0.02 Accuracy, set for this run');
    expect(ropeText({ setting: 'autorank', mode: 'autorank', value: null }, 'accuracy')).toBe("ROPE a tenth of each pair's pooled spread (autorank's rule)");
    expect(ropeText({ setting: 'auto', mode: 'fixed', value: 0.01 }, 'r2')).toBe('ROPE ±0.01 R², the default for accuracy-like metrics');
  });

  it('the across-datasets sentence names the seed, the samples and says what was left out', () => {
    const jobs: JobResult[] = [];
    for (let k = 0; k < 3; k++) for (let m = 0; m < 12; m++) for (let f = 0; f < 2; f++) jobs.push(job(`ds${k}`, 'classification', `m${String(m).padStart(2, '0')}`, f, 0.5 + 0.03 * m + 0.001 * f + 0.002 * k));
    const c = summarize(jobs, runInfo({ seed: 4 }), { bayesSamples: 500 }).comparisons[0]!;
    expect(c.bayes!.models).toHaveLength(8);
    expect(c.bayes!.leftOut).toBe(4);
    const text = bayesTaskText(c);
    expect(text).toMatch(/^Bayesian signed-rank test over the 3 datasets \(ROPE ±0\.01 Accuracy, the default for accuracy-like metrics; 500 posterior samples, seed 4\): /);
    // m11 is best everywhere by 0.03 a step: every other model is worse by more than the ROPE.
    expect(text).toContain('m10, m09, m08, m07, m06, m05 and m04 are worse than m11 by more than the ROPE with probabilities');
    expect(text).toMatch(/ Only the 8 best-ranked of 12 models are compared\.$/);
  });
});

describe('the verdict rules under the words', () => {
  it('an outcome is named only when its probability is above ½: exactly ½ is undecided', () => {
    expect(bayesOutcome({ better: 0.5, equivalent: 0.25, worse: 0.25 })).toBe('uncertain');
    expect(bayesOutcome({ better: 0.25, equivalent: 0.5, worse: 0.25 })).toBe('uncertain');
    expect(bayesOutcome({ better: 0.25, equivalent: 0.25, worse: 0.5 })).toBe('uncertain');
    expect(bayesOutcome({ better: 0.51, equivalent: 0.2, worse: 0.29 })).toBe('better');
    expect(bayesOutcome({ better: 0.2, equivalent: 0.51, worse: 0.29 })).toBe('equivalent');
    expect(bayesOutcome({ better: 0.29, equivalent: 0.2, worse: 0.51 })).toBe('worse');
  });

  it("the ROPE: a number as given (0 too); 'auto' is 0.01 on accuracy-like metrics only; 'autorank' is per pair even on accuracy", () => {
    expect(ropeUse(0, 'rmse')).toEqual({ setting: 0, mode: 'fixed', value: 0 });
    expect(ropeUse(0.2, 'accuracy')).toEqual({ setting: 0.2, mode: 'fixed', value: 0.2 });
    expect(ropeUse('auto', 'accuracy')).toEqual({ setting: 'auto', mode: 'fixed', value: 0.01 });
    expect(ropeUse('auto', 'rmse')).toEqual({ setting: 'auto', mode: 'autorank', value: null });
    expect(ropeUse('autorank', 'accuracy')).toEqual({ setting: 'autorank', mode: 'autorank', value: null });
  });

  it('no test without a second model, nor when a fold has no test rows or no training rows (ρ must be inside (0, 1))', () => {
    const folds = (xs: number[]) => new Map(xs.map((v, i) => [`0:${i}`, v]));
    const values = new Map([
      ['a', folds([0.9, 0.92, 0.91])],
      ['b', folds([0.8, 0.82, 0.81])],
    ]);
    const rope = ropeUse('auto', 'accuracy');
    expect(datasetBayes(['a'], values, 80, 20, true, rope)).toBeNull();
    for (const [nTrain, nTest] of [
      [80, 0],
      [0, 20],
    ] as const) {
      const d = datasetBayes(['a', 'b'], values, nTrain, nTest, true, rope)!;
      expect([d.pairs, d.untested]).toEqual([[], ['b']]);
    }
    const d = datasetBayes(['a', 'b'], values, 80, 20, true, rope)!;
    expect(d.untested).toEqual([]);
    expect(d.pairs[0]!.outcome).toBe('worse');
    expect(d.pairs[0]!.meanDiff).toBeCloseTo(-0.1, 12);
  });
});
