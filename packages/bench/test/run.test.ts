import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobResult, RunInfo } from '@mlcompare/core';
import { planRun, runSuite, type RunOptions } from '../src/run.js';
import { readResults } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/registry.js';

const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const fixtures = new URL('./fixtures/', import.meta.url).pathname;
const ctx: SuiteContext = { source: 'test', baseDir: fixtures, registry: models, catalog: { bundled: ['iris', 'wine'], generators: [] } };
const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlcompare-bench-'));
  dirs.push(d);
  return join(d, 'out');
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function options(raw: object, outDir: string, extra: Partial<RunOptions> = {}): RunOptions {
  return { suite: parseSuite(raw, ctx), registry: models, registryModule, outDir, ...extra };
}

const detSuite = {
  datasets: ['iris', { csv: 'two.csv', target: 'label' }],
  models: ['dummy', 'centroid:jitter=0,50'],
  resampling: { kind: 'kfold', folds: 3, repeats: 2 },
  seed: 7,
};

function byJob(results: JobResult[]): Map<string, JobResult> {
  return new Map(results.map((r) => [r.jobId, r]));
}

describe('runSuite', () => {
  it('gives identical metrics with 1 and 2 workers and in process, with the same splits for every model', async () => {
    const a = tmp();
    const b = tmp();
    const c = tmp();
    const ra = await runSuite(options(detSuite, a, { jobs: 1 }));
    const rb = await runSuite(options(detSuite, b, { jobs: 2 }));
    await runSuite(options(detSuite, c, { inProcess: true }));
    // 2 data sets × 3 models × 2 repeats × 3 folds
    expect(ra.total).toBe(36);
    expect(ra.ok).toBe(36);
    expect(rb.ok).toBe(36);
    const A = byJob(readResults(join(a, 'results.jsonl')).results);
    const B = byJob(readResults(join(b, 'results.jsonl')).results);
    const C = byJob(readResults(join(c, 'results.jsonl')).results);
    expect(A.size).toBe(36);
    for (const [id, r] of A) {
      expect(B.get(id)?.metrics, id).toEqual(r.metrics);
      expect(C.get(id)?.metrics, id).toEqual(r.metrics);
      expect(B.get(id)?.seed).toBe(r.seed);
    }
    // same split sizes for every model on a fold
    const sizes = new Set([...A.values()].filter((r) => r.dataset === 'iris' && r.fold === 1 && r.repeat === 1).map((r) => `${r.nTrain}/${r.nTest}`));
    expect(sizes).toEqual(new Set(['100/50']));
    // the seed matters for the jittered model, and differs per fold
    const j50 = [...A.values()].filter((r) => r.label === 'centroid(jitter=50)');
    expect(new Set(j50.map((r) => r.seed)).size).toBe(12);
    // the decision boundary is computed for the two-feature data, repeat 0 fold 0 only
    const withBoundary = [...A.values()].filter((r) => r.boundary);
    expect(withBoundary.map((r) => r.dataset).every((d) => d === 'two')).toBe(true);
    expect(withBoundary.length).toBe(3);
    const bnd = withBoundary.find((r) => r.label === 'centroid(jitter=0)')!.boundary!;
    expect(bnd.gridX.length).toBe(60);
    expect(bnd.values.length).toBe(3600);
    expect(bnd.kind).toBe('probability');
    expect(bnd.classes).toEqual(['a', 'b']);
    expect(bnd.testAccuracy).toBe(withBoundary.find((r) => r.label === 'centroid(jitter=0)')!.metrics['accuracy']);
  }, 60_000);

  it('resumes after a torn last line: only missing jobs run, nothing duplicated, same metrics', async () => {
    const full = tmp();
    await runSuite(options(detSuite, full, { inProcess: true }));
    const out = tmp();
    await runSuite(options(detSuite, out, { inProcess: true, commandLine: 'mlcompare bench first' }));
    const firstInfo = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo;
    const path = join(out, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    // keep 20 whole lines and half of the 21st: a run killed mid-write
    const keep = lines.slice(0, 20).join('\n').length + 1 + Math.floor(lines[20]!.length / 2);
    truncateSync(path, keep);
    expect(readResults(path).tornBytes).toBeGreaterThan(0);
    const logs: string[] = [];
    const r = await runSuite(options(detSuite, out, { resume: true, jobs: 2, log: (s) => logs.push(s), commandLine: 'mlcompare bench --resume out' }));
    expect(r.alreadyDone).toBe(20);
    expect(r.ran).toBe(16);
    expect(logs.some((l) => /torn last line/.test(l))).toBe(true);
    // run.json still describes the run as it was started
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo;
    expect(info.commandLine).toBe('mlcompare bench first');
    expect(info.startedAt).toBe(firstInfo.startedAt);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const ids = text.trim().split('\n').map((l) => (JSON.parse(l) as JobResult).jobId);
    expect(ids.length).toBe(36);
    expect(new Set(ids).size).toBe(36);
    const F = byJob(readResults(join(full, 'results.jsonl')).results);
    for (const res of readResults(path).results) expect(res.metrics, res.jobId).toEqual(F.get(res.jobId)!.metrics);
    // a second resume has nothing to do
    const size = statSync(path).size;
    const again = await runSuite(options(detSuite, out, { resume: true }));
    expect(again.ran).toBe(0);
    expect(statSync(path).size).toBe(size);
  }, 60_000);

  it('records a throwing model as error and a stuck one as timeout, and finishes the other jobs', async () => {
    const out = tmp();
    const r = await runSuite(
      options({ datasets: ['iris'], models: ['throws', 'sleepy', 'dummy'], resampling: { kind: 'kfold', folds: 2 }, limits: { timeoutSec: 0.5 } }, out, { jobs: 2 }),
    );
    expect(r.total).toBe(6);
    expect(r.failed).toBe(4);
    expect(r.ok).toBe(2);
    const res = readResults(join(out, 'results.jsonl')).results;
    for (const x of res.filter((x) => x.model === 'throws')) {
      expect(x.status).toBe('error');
      expect(x.error).toMatch(/^FitError: ThrowingModel\.fit failed on purpose/);
    }
    for (const x of res.filter((x) => x.model === 'sleepy')) {
      expect(x.status).toBe('timeout');
      expect(x.error).toMatch(/^Timed out: fit and predict took longer than 0\.5 s/);
    }
    expect(res.filter((x) => x.model === 'dummy').every((x) => x.status === 'ok')).toBe(true);
  }, 60_000);

  it('records a model that crashes its worker as error, and the run goes on', async () => {
    const out = tmp();
    const r = await runSuite(options({ datasets: ['iris'], models: ['crashes', 'dummy'], resampling: { kind: 'kfold', folds: 2 } }, out, { jobs: 1 }));
    expect(r.total).toBe(4);
    const res = readResults(join(out, 'results.jsonl')).results;
    expect(res.length).toBe(4);
    for (const x of res.filter((x) => x.model === 'crashes')) {
      expect(x.status).toBe('error');
      expect(x.error).toMatch(/^The worker running this job failed \(crash or out of memory\): worker exited with code: 3/);
    }
    expect(res.filter((x) => x.model === 'dummy').every((x) => x.status === 'ok')).toBe(true);
  }, 60_000);

  it('skips a model above its row limit with the reason, and refuses to overwrite a run', async () => {
    const out = tmp();
    const raw = { datasets: ['iris'], models: ['dummy', 'centroid'], resampling: { kind: 'kfold', folds: 2 }, limits: { maxRows: { centroid: 100 } } };
    const r = await runSuite(options(raw, out, { inProcess: true }));
    expect(r.skipped).toBe(2);
    const skipped = readResults(join(out, 'results.jsonl')).results.filter((x) => x.status === 'skipped');
    expect(skipped[0]!.error).toMatch(/^Skipped: 'iris' has 150 rows, above this suite's limit of 100 for 'centroid'/);
    await expect(runSuite(options(raw, out, { inProcess: true }))).rejects.toThrow(/^The folder '.*' already holds a run \(results\.jsonl\)\. Continue it with --resume/);
  });

  it('tells the user when a class has fewer members than folds (and still runs)', async () => {
    // 10 rows of 'a' and 2 of 'b' in 3 folds: one test fold has no 'b' (scikit-learn warns; so do we).
    const dir = mkdtempSync(join(tmpdir(), 'mlcompare-rare-'));
    dirs.push(dir);
    const csv = join(dir, 'rare.csv');
    writeFileSync(csv, 'x,label\n' + Array.from({ length: 12 }, (_, i) => `${i},${i < 10 ? 'a' : 'b'}`).join('\n') + '\n');
    const plan = await planRun(parseSuite({ datasets: [{ csv, target: 'label' }], models: ['dummy'], resampling: { kind: 'kfold', folds: 3 } }, ctx), models);
    expect(plan.notes).toContainEqual(expect.stringMatching(/^'rare': The least populated class in y has only 2 members, which is less than n_splits=3\./));
    expect(plan.jobs.length).toBe(3);
  });
});
