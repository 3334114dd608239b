import { describe as group, expect, it } from 'vitest';
import { loadRun, summarize } from '../src/index.js';
import type { RunSummary } from '../src/index.js';
import { cliquesWithin, describe, rankValues } from '../src/summary.js';
import { datasetVerdictText } from '../src/words.js';
import { FIXTURE_DIR, XSS, job } from './helpers.js';

const loaded = await loadRun(FIXTURE_DIR);
const summary: RunSummary = summarize(loaded.results, loaded.run, { warnings: loaded.warnings });
const ds = (name: string) => summary.datasets.find((d) => d.name === name)!;
const row = (dataset: string, label: string) => ds(dataset).models.find((m) => m.label === label)!;

group('pure helpers', () => {
  it('describe gives the mean and the population standard deviation', () => {
    expect(describe([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: 2, n: 8 });
    expect(describe([])).toBeNull();
  });

  it('describe does not depend on the order of the folds (workers finish them in any order)', () => {
    // digits knn accuracies over 5 folds: summed in file order the SD was 0.0037146197651980436,
    // in reverse order 0.003714619765198044.
    const v = [0.9777, 0.9749, 0.9833, 0.9777, 0.9721];
    const first = describe(v);
    for (const order of [[4, 3, 2, 1, 0], [2, 0, 4, 1, 3], [1, 3, 0, 4, 2]]) expect(describe(order.map((i) => v[i]!))).toEqual(first);
  });

  it('rankValues averages ties and follows the direction', () => {
    expect(rankValues([3, 1, 3, 2], true)).toEqual([1.5, 4, 1.5, 3]);
    expect(rankValues([3, 1, 3, 2], false)).toEqual([3.5, 1, 3.5, 2]);
  });

  it('cliquesWithin joins consecutive models closer than the critical difference, maximal groups only', () => {
    expect(cliquesWithin(['a', 'b', 'c', 'd'], [1, 2.25, 2.75, 4], 1.5)).toEqual([['a', 'b'], ['b', 'c'], ['c', 'd']]);
    expect(cliquesWithin(['a', 'b', 'c'], [1, 1.2, 1.4], 1)).toEqual([['a', 'b', 'c']]);
    expect(cliquesWithin(['a', 'b'], [1, 3], 1)).toEqual([]);
  });
});

group('summarize on the fixture run', () => {
  it('counts jobs by status and keeps the loader warnings', () => {
    expect(summary.counts).toEqual({ jobs: 39, ok: 35, error: 2, timeout: 2, skipped: 0 });
    expect(summary.warnings).toHaveLength(1);
    expect(summary.datasets.map((d) => d.name)).toEqual(['iris', 'moons', 'diabetes']);
  });

  it('gives mean and population std per metric over the finished folds', () => {
    const acc = row('iris', 'svm').metrics.accuracy!;
    // Fixture folds 0.98, 0.94, 0.98: mean 0.96666…, population std sqrt(0.00106666…/3).
    expect(acc.mean).toBeCloseTo(0.9666666667, 9);
    expect(acc.std).toBeCloseTo(Math.sqrt(0.0010666666667 / 3), 9);
    expect(acc.n).toBe(3);
    expect(row('iris', 'svm').fitMs!.mean).toBeCloseTo((6.1 + 6.71 + 7.32) / 3, 9);
  });

  it('keeps a metric the model cannot give as null, never 0', () => {
    expect(row('iris', 'svm').metrics.rocAuc).toBeNull();
    expect(row('iris', 'svm').metrics.logLoss).toBeNull();
    expect(row('iris', 'mlp').metrics.logLoss!.mean).toBeGreaterThan(0);
  });

  it('ranks by the primary metric, ties averaged, failed models last without a rank', () => {
    expect(ds('iris').models.map((m) => [m.label, m.rank])).toEqual([
      ['svm', 1],
      ['logistic', 2.5],
      ['mlp', 2.5],
      ['knn(nNeighbors=15)', 4],
      ['dummy', 5],
    ]);
    expect(ds('moons').models.map((m) => m.label)).toEqual(['svm', 'mlp', 'logistic', 'dummy', 'cart']);
    expect(row('moons', 'cart').rank).toBeNull();
  });

  it('reports failures with their reasons and counts', () => {
    const cart = row('moons', 'cart');
    expect(cart.status).toBe('failed');
    expect(cart.folds).toEqual({ total: 3, ok: 0, error: 2, timeout: 1, skipped: 0 });
    expect(cart.reasons.map((r) => [r.status, r.count])).toEqual([['error', 2], ['timeout', 1]]);
    expect(cart.reasons[0]!.message).toContain(XSS);
    const knn = row('diabetes', 'knn(nNeighbors=15)');
    expect(knn.status).toBe('partial');
    expect(knn.metrics.r2!.n).toBe(2);
  });

  it('marks the best mean per column, lower is better for losses and times', () => {
    expect(ds('iris').bestLabels.accuracy).toEqual(['svm']);
    expect(ds('iris').bestLabels.logLoss).toEqual(['mlp']);
    expect(ds('iris').bestLabels.fitMs).toEqual(['dummy']);
    expect(ds('diabetes').bestLabels.rmse).toEqual(['linear']);
  });

  it('tests against the best and the baseline with the corrected resampled t-test', () => {
    const t = row('iris', 'dummy').vsBest!;
    // Nadeau & Bengio: t = mean(d) / sqrt((1/k + nTest/nTrain) · var(d)), var with k − 1; fixture folds.
    const d = [0.333 - 0.98, 0.34 - 0.94, 0.32 - 0.98];
    const m = (d[0]! + d[1]! + d[2]!) / 3;
    const v = d.reduce((s, x) => s + (x - m) ** 2, 0) / 2;
    expect(t.against).toBe('svm');
    expect(t.nPairs).toBe(3);
    expect(t.t!).toBeCloseTo(m / Math.sqrt((1 / 3 + 50 / 100) * v), 6);
    // scipy 1.10: 2 * scipy.stats.t.sf(22.0606, df=2) = 0.0020485
    expect(t.pValue!).toBeCloseTo(0.0020485, 6);
    expect(t.mark).toBe('worse');
    expect(row('iris', 'svm').vsBaseline!.mark).toBe('better');
    expect(row('iris', 'svm').vsBest).toBeNull();
    // Two of three diabetes folds are paired for knn (its third fold timed out).
    expect(row('diabetes', 'knn(nNeighbors=15)').vsBest!.nPairs).toBe(2);
  });

  it('counts wins, ties and losses against every other model', () => {
    for (const m of ds('iris').models) expect(m.wins + m.ties + m.losses).toBe(4);
    expect(row('iris', 'dummy').losses).toBe(4);
  });

  it('holds a structured verdict per dataset: the best, the groups against it, the failures', () => {
    expect(ds('iris').verdict.best).toEqual(['svm']);
    expect(ds('iris').verdict.vsBest).toEqual({ significant: ['knn(nNeighbors=15)', 'dummy'], notSignificant: ['logistic', 'mlp'], tooVariable: [], untested: [] });
    expect(ds('moons').verdict.unfinished).toEqual(['cart']);
    expect(datasetVerdictText(ds('iris'), 0.05)).toMatch(/^svm is best \(Accuracy 0\.967 ± 0\.019\)/);
    expect(datasetVerdictText(ds('moons'), 0.05)).toContain('Did not finish: cart (error/timeout, 3 of 3 folds).');
  });

  it('compares across the classification datasets and explains why regression cannot be', () => {
    const [cls, reg] = summary.comparisons;
    expect(cls!.available).toBe(true);
    expect(cls!.models).toEqual(['svm', 'mlp', 'logistic', 'dummy']);
    // iris ranks 1, 2.5, 2.5, 4 and moons 1, 2, 3, 4 (svm, mlp, logistic, dummy).
    expect(cls!.meanRanks).toEqual([1, 2.25, 2.75, 4]);
    expect(cls!.ranks).toEqual([[1, 2.5, 2.5, 4], [1, 2, 3, 4]]);
    expect(cls!.excluded.map((e) => e.label).sort()).toEqual(['cart', 'knn(nNeighbors=15)']);
    // Demšar's χ²_F = 12N/(k(k+1)) · (Σ R_j² − k(k+1)²/4) = 1.2 · (29.625 − 25) = 5.55.
    expect(cls!.friedman!.chiSquare).toBeCloseTo(5.55, 10);
    expect(cls!.friedman!.df).toBe(3);
    // Nemenyi CD = q_0.05(k = 4) · sqrt(k(k+1) / 6N) = 2.569 · sqrt(20 / 12) (Demšar 2006, Table 5a).
    expect(cls!.criticalDifference!).toBeCloseTo(2.569 * Math.sqrt(20 / 12), 3);
    expect(reg!.available).toBe(false);
    expect(reg!.unavailable).toBe('too-few-datasets');
    expect(reg!.verdict).toBeNull();
  });

  it('is plain JSON (summary.json round-trips)', () => {
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});

group('verdict against the baseline', () => {
  // One regression dataset, 5 folds: a model that merely ties the baseline and one clearly below it.
  const scores: Record<string, number[]> = {
    linear: [0.5, 0.55, 0.45, 0.5, 0.52],
    dummy: [0, -0.01, 0.01, 0, -0.02],
    cart: [0.05, -0.1, 0.08, -0.04, 0.02],
    mlp: [-1, -1.1, -0.9, -1.05, -0.95],
  };
  const results = Object.entries(scores).flatMap(([l, v]) => v.map((r2, f) => job('d', 'regression', l, f, r2)));
  const d = summarize(results, null).datasets[0]!;

  it('says which models tie the baseline and which are significantly below it', () => {
    expect(d.models.find((m) => m.label === 'mlp')!.vsBaseline!.mark).toBe('worse');
    expect(d.models.find((m) => m.label === 'cart')!.vsBaseline!.mark).toBe('same');
    expect(d.verdict.vsBaseline!.above.notSignificant).toEqual(['cart']);
    expect(d.verdict.vsBaseline!.below.significant).toEqual(['mlp']);
    expect(datasetVerdictText(d, 0.05)).toMatch(/ cart does not significantly beat the dummy baseline\. mlp is significantly worse than the dummy baseline\. Against linear by the Bayesian /);
  });
});

group('summarize rejects a bad significance level', () => {
  it('throws a coded InputError naming the option, the rule and the value', () => {
    for (const alpha of [0, 1, -0.1, Number.NaN, '0.05' as unknown as number]) {
      let err: unknown;
      try {
        summarize([], null, { alpha });
      } catch (e) {
        err = e;
      }
      expect(err, String(alpha)).toMatchObject({ code: 'MLCOMPARE_INPUT' });
      expect((err as Error).message).toMatch(/^Option 'alpha' passed to 'summarize' must be a number in \(0, 1\), but got /);
    }
  });
});
