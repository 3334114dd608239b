import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '@mlcompare/datasets';
import { parseSplits, type JobResult } from '@mlcompare/core';
import type { JobTask } from '../src/execute.js';
import { runSuite, type RunOptions } from '../src/run.js';
import { readResults } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/registry.js';

const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const ctx: SuiteContext = { source: 'test', baseDir: fixtures, registry: models, catalog: { bundled: ['iris', 'wine'], generators: [] } };
const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlcompare-nested-'));
  dirs.push(d);
  return join(d, 'out');
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function options(raw: object, outDir: string, extra: Partial<RunOptions> = {}): RunOptions {
  return { suite: parseSuite(raw, ctx), registry: models, registryModule, outDir, ...extra };
}

const lines = (dir: string): JobResult[] => readResults(join(dir, 'results.jsonl')).results;

/** A line without what the clock decides (times, CPU time, when it finished) nor the thread budget of the worker that ran it. */
function stable(r: JobResult): unknown {
  const out: Record<string, unknown> = { ...r, fitMs: 0, predictMs: 0, finishedAt: '', threadBudget: 0 };
  if (r.inner) out.inner = { ...r.inner, cpuMs: 0 };
  if (r.tuning) out.tuning = { ...r.tuning, cpuMs: 0, anytime: r.tuning.anytime.map((a) => ({ ...a, cpuMs: 0 })) };
  return out;
}

const tunedSuite = {
  datasets: ['iris'],
  models: [
    'centroid',
    { model: 'centroid', label: 'grid', tune: { strategy: 'grid', space: { jitter: [0, 20, 400] } } },
    { model: 'centroid', label: 'random', tune: { strategy: 'random', budget: { evals: 4 }, space: { jitter: { range: [0, 400] } } } },
    { model: 'centroid', label: 'tpe', tune: { strategy: 'tpe', budget: { evals: 3 }, inner: { folds: 2 }, space: { jitter: { range: [0, 400] } } } },
  ],
  resampling: { kind: 'kfold', folds: 3 },
  seed: 11,
};

describe('nested tuning in the runner', () => {
  const full = tmp();
  let fullLines: JobResult[] = [];

  it('gives the same trials, choices and outer scores with 1 and 2 workers and in process', { timeout: 120_000 }, async () => {
    const b = tmp();
    const c = tmp();
    const ra = await runSuite(options(tunedSuite, full, { jobs: 1 }));
    await runSuite(options(tunedSuite, b, { jobs: 2 }));
    await runSuite(options(tunedSuite, c, { inProcess: true }));
    // 4 entries × 3 outer folds; the inner trials are not counted as jobs
    expect(ra.total).toBe(12);
    expect(ra.ok).toBe(12);
    fullLines = lines(full);
    const A = new Map(fullLines.map((r) => [r.jobId, r]));
    // grid: 3 candidates × 3 inner folds; random: 4 × 3; tpe: 3 × 2; per outer fold
    expect(fullLines.filter((r) => r.inner).length).toBe(3 * (9 + 12 + 6));
    for (const other of [b, c]) {
      const B = lines(other);
      expect(B.length).toBe(A.size);
      for (const r of B) expect(stable(r), r.jobId).toEqual(stable(A.get(r.jobId)!));
      expect(readFileSync(join(other, 'splits.json'), 'utf8')).toBe(readFileSync(join(full, 'splits.json'), 'utf8'));
    }
  });

  it('records each outer job with the chosen parameters and the search, and each trial as an inner line', () => {
    const outer = fullLines.filter((r) => r.tuning);
    expect(outer.map((r) => r.label).sort()).toEqual(['grid', 'grid', 'grid', 'random', 'random', 'random', 'tpe', 'tpe', 'tpe']);
    for (const o of outer) {
      expect(o.model).toBe('centroid');
      const trials = fullLines.filter((r) => r.inner?.outerJobId === o.jobId);
      const t = o.tuning!;
      expect(t.nested).toBe(true);
      expect(t.evaluations).toBe(o.label === 'grid' ? 3 : o.label === 'random' ? 4 : 3);
      expect(trials.length).toBe(t.evaluations * t.innerFolds);
      expect(t.anytime.map((a) => a.evaluations)).toEqual(Array.from({ length: t.evaluations }, (_, i) => i + 1));
      // the chosen configuration is the best mean inner score, the first among equals (GridSearchCV)
      const means = Array.from({ length: t.evaluations }, (_, k) => {
        const f = trials.filter((r) => r.inner!.trial === k).sort((a, b) => a.inner!.innerFold - b.inner!.innerFold);
        return { params: f[0]!.params, mean: f.reduce((s, r) => s + r.metrics['accuracy']!, 0) / f.length };
      });
      const best = Math.max(...means.map((m) => m.mean));
      const chosen = means.find((m) => m.mean === best)!;
      expect(o.params).toEqual(chosen.params);
      expect(t.bestInnerScore).toBe(best);
      expect(t.anytime[t.anytime.length - 1]!.best).toBe(best);
      // the score on the outer test fold is the refit's, never the inner one
      expect(o.nTrain).toBe(100);
      expect(o.nTest).toBe(50);
      for (const tr of trials) {
        expect(tr.nTrain + tr.nTest).toBe(100);
        expect(tr.inner!.cpuMs).toBeGreaterThanOrEqual(0);
        expect(tr.seed).toBe(o.seed);
      }
      expect(t.cpuMs).toBeCloseTo(
        trials.reduce((s, r) => s + r.inner!.cpuMs!, 0),
        6,
      );
    }
    // the grid is searched in order: trial k has the k-th grid value
    const g = fullLines.filter((r) => r.inner && r.label === 'grid' && r.inner.innerFold === 0 && r.fold === 0);
    expect(g.sort((a, b) => a.inner!.trial - b.inner!.trial).map((r) => r.params['jitter'])).toEqual([0, 20, 400]);
  });

  it('resumes a killed run without running a finished trial again, to the same choices and scores', { timeout: 60_000 }, async () => {
    const all = readFileSync(join(full, 'results.jsonl'), 'utf8').split('\n').filter((l) => l !== '');
    // a kill leaves a prefix of the file: here in the middle of a search (4 of its trials to go)
    const keep = all.findIndex((l) => (JSON.parse(l) as JobResult).jobId === 'iris|random|r0|f1') - 4;
    const kept = all.slice(0, keep).map((l) => JSON.parse(l) as JobResult);
    expect(kept.filter((x) => x.inner?.outerJobId === 'iris|random|r0|f1').length).toBe(8);
    const out = tmp();
    mkdirSync(out);
    for (const f of ['run.json', 'splits.json']) copyFileSync(join(full, f), join(out, f));
    writeFileSync(join(out, 'results.jsonl'), all.slice(0, keep).join('\n') + '\n');
    const logs: string[] = [];
    const r = await runSuite(options(tunedSuite, out, { resume: true, jobs: 2, log: (s) => logs.push(s) }));
    expect(r.ran).toBe(all.length - keep);
    const after = lines(out);
    expect(after.length).toBe(all.length);
    expect(new Set(after.map((x) => x.jobId)).size).toBe(all.length);
    const A = new Map(fullLines.map((x) => [x.jobId, x]));
    for (const x of after) expect(stable(x), x.jobId).toEqual(stable(A.get(x.jobId)!));
    expect(logs.some((l) => /inner tuning trials/.test(l))).toBe(true);
  });

  it('stopped by its signal in the middle of the searches (2 workers), resumes to the same lines without redoing a finished trial', { timeout: 120_000 }, async () => {
    const out = tmp();
    const ctl = new AbortController();
    // Stop once 20 lines are on disk: running trials are abandoned, as on Ctrl-C.
    const poll = setInterval(() => {
      try {
        if (readFileSync(join(out, 'results.jsonl'), 'utf8').split('\n').length > 20) ctl.abort();
      } catch {
        // not written yet
      }
    }, 2);
    const first = await runSuite(options(tunedSuite, out, { jobs: 2, signal: ctl.signal }));
    clearInterval(poll);
    expect(first.interrupted).toBe(true);
    const before = lines(out);
    expect(before.length).toBeGreaterThanOrEqual(20);
    expect(before.length).toBeLessThan(fullLines.length);
    const r = await runSuite(options(tunedSuite, out, { resume: true, jobs: 2 }));
    expect(r.interrupted).toBe(false);
    expect(r.ran).toBe(fullLines.length - before.length);
    const after = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as JobResult);
    expect(after.length).toBe(fullLines.length);
    const A = new Map(fullLines.map((x) => [x.jobId, x]));
    for (const x of after) expect(stable(x), x.jobId).toEqual(stable(A.get(x.jobId)!));
  });

  it('writes the inner folds to splits.json, stratified, within each outer training fold, and fits each trial on its inner training rows only', async () => {
    const out = tmp();
    const raw = {
      datasets: ['iris'],
      models: [{ model: 'rowprint', tune: { strategy: 'grid', space: { jitter: [0, 1] } } }],
      resampling: { kind: 'kfold', folds: 3 },
    };
    await runSuite(options(raw, out, { inProcess: true }));
    const splits = parseSplits(readFileSync(join(out, 'splits.json'), 'utf8')).datasets['iris']!;
    const inner = splits.inner!['kfold-3']!;
    const iris = await loadDataset('iris');
    for (let f = 0; f < 3; f++) {
      const outerTrain = splits.repeats[0]![f]!.train;
      const folds = inner[0]![f]!;
      expect(folds.length).toBe(3);
      // every outer training row is in exactly one inner test fold
      expect(folds.flatMap((k) => k.test).sort((a, b) => a - b)).toEqual([...outerTrain].sort((a, b) => a - b));
      for (const k of folds) {
        // stratified: each class 1/3 of the inner test fold (iris folds hold 100 rows, 33 or 34 per class)
        const counts = new Map<unknown, number>();
        for (const i of k.test) counts.set(iris.y[i], (counts.get(iris.y[i]) ?? 0) + 1);
        for (const c of counts.values()) expect(Math.abs(c - k.test.length / 3)).toBeLessThanOrEqual(1);
      }
    }
    const trials = lines(out).filter((r) => r.inner);
    expect(trials.length).toBe(3 * 2 * 3);
    for (const t of trials) {
      const rows = inner[0]![t.fold]![t.inner!.innerFold]!.train;
      let s0 = 0;
      for (const i of rows) s0 += iris.X.get(i, 0);
      // RowPrintModel's history: [Σ column 0, Σ column 1, rows] of the rows it was fitted on
      expect(t.history!.loss[0]).toBeCloseTo(s0, 9);
      expect(t.history!.loss[2]).toBe(rows.length);
    }
  });

  it('stops a time budget once the trials have used it: a budget smaller than one candidate evaluates one', async () => {
    const out = tmp();
    const raw = {
      datasets: ['iris'],
      models: [{ model: 'centroid', tune: { strategy: 'random', budget: { seconds: 1e-9 }, space: { jitter: { range: [0, 400] } } } }],
      resampling: { kind: 'kfold', folds: 3 },
    };
    await runSuite(options(raw, out, { inProcess: true }));
    const outer = lines(out).filter((r) => r.tuning);
    expect(outer.length).toBe(3);
    for (const o of outer) {
      expect(o.tuning!.evaluations).toBe(1);
      expect(o.tuning!.budget).toEqual({ seconds: 1e-9 });
      expect(o.tuning!.cpuMs).toBeGreaterThan(0);
    }
  });

  it('successive halving: rounds of fewer candidates on more training rows, the last round chooses', async () => {
    const out = tmp();
    const raw = {
      datasets: ['iris'],
      models: [{ model: 'centroid', tune: { strategy: 'halving', budget: { evals: 9 }, halving: { factor: 3, minResources: 'exhaust' }, space: { jitter: { range: [0, 400] } } } }],
      resampling: { kind: 'kfold', folds: 3 },
    };
    await runSuite(options(raw, out, { inProcess: true }));
    const all = lines(out);
    const inner = parseSplits(readFileSync(join(out, 'splits.json'), 'utf8')).datasets['iris']!.inner!['kfold-3']!;
    for (const o of all.filter((r) => r.tuning)) {
      const trials = all.filter((r) => r.inner?.outerJobId === o.jobId);
      const rounds = new Map<number, JobResult[]>();
      for (const t of trials) rounds.set(t.inner!.round!, [...(rounds.get(t.inner!.round!) ?? []), t]);
      // 100 outer training rows, 3 classes, 3 inner folds, factor 3, 'exhaust': 9 candidates on 18 rows,
      // then 3 on 54 (scikit-learn 1.2.1's HalvingRandomSearchCV: n_resources_ [18, 54], n_candidates_ [9, 3])
      expect([...rounds.keys()]).toEqual([0, 1]);
      expect([0, 1].map((k) => rounds.get(k)!.length / 3)).toEqual([9, 3]);
      expect([0, 1].map((k) => rounds.get(k)![0]!.inner!.resources)).toEqual([18, 54]);
      // a round on n of the 100 rows fits on int(n/100 × inner training rows) of them, and scores int(n/100 × inner test rows)
      for (const t of trials) {
        const fold = inner[0]![t.fold]![t.inner!.innerFold]!;
        const n = t.inner!.resources!;
        expect([t.nTrain, t.nTest]).toEqual([Math.floor((n / 100) * fold.train.length), Math.floor((n / 100) * fold.test.length)]);
      }
      // the last round's best mean inner score is chosen (the first of equals, in the round's order)
      const last = rounds.get(1)!;
      const trials1 = [...new Set(last.map((t) => t.inner!.trial))];
      const means = trials1.map((k) => {
        const f = last.filter((t) => t.inner!.trial === k);
        return { params: f[0]!.params, mean: f.reduce((s, t) => s + t.metrics['accuracy']!, 0) / 3 };
      });
      const best = Math.max(...means.map((m) => m.mean));
      expect(o.params).toEqual(means.find((m) => Math.abs(m.mean - best) < 1e-12)!.params);
      // round 1 takes the best 3 of round 0
      const round0 = new Map<number, number>();
      for (const t of rounds.get(0)!) round0.set(t.inner!.trial, (round0.get(t.inner!.trial) ?? 0) + t.metrics['accuracy']! / 3);
      const cut = [...round0.values()].sort((a, b) => b - a)[2]!;
      for (const k of trials1) expect(round0.get(k)!).toBeGreaterThanOrEqual(cut - 1e-12);
      expect(o.tuning!.evaluations).toBe(12);
    }
  });
});

describe('successive halving on epochs', () => {
  it("gives the network's rounds epochs (maxIter) instead of rows, up to its maxIter", async () => {
    const { models: real } = await import('../src/registry.js');
    const { TuningDriver, resolveTune } = await import('../src/nested.js');
    const mlp = real.find((m) => m.className === 'MLPClassifier')!;
    const suite = parseSuite({ datasets: ['iris'], models: [{ model: 'mlp', tune: { strategy: 'halving', budget: { evals: 9 } } }] }, { ...ctx, registry: real });
    const t = resolveTune(suite.models[0]!.tune!, mlp, ['accuracy'], {}, 120, 3);
    if ('note' in t) throw new Error(t.note);
    expect([t.resource, t.maxResources]).toEqual(['epochs', 200]);
    const outer = { jobId: 'iris|mlp (tuned)|r0|f0', dataset: 'iris', task: 'classification' as const, model: 'mlp', className: 'MLPClassifier', params: {}, label: 'mlp (tuned)', repeat: 0, fold: 0, seed: 1, metrics: ['accuracy'], boundary: false, tune: t };
    const d = new TuningDriver(outer, new Map());
    const first: JobTask[] = [];
    for (let j = d.next(); j; j = d.next()) first.push(j);
    // 9 candidates × 3 inner folds on 22 epochs (200 // 9), every training row (no subsample)
    expect(first.length).toBe(27);
    for (const j of first) {
      expect(j.params['maxIter']).toBe(22);
      expect(j.inner!.resources).toBe(22);
      expect(j.innerSplit).toEqual({ key: 'kfold-3' });
    }
  }, 60_000);
});
