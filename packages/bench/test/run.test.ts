import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Pipeline, StandardScaler, parseSplits, type JobResult, type Labels, type RunInfo, type SplitsFile } from '@mlcompare/core';
import { loadDatasetSpec, makeSplits } from '../src/data.js';
import { threadsPerWorker } from '../src/pool.js';
import { JobSandbox } from '../src/queue/sandbox.js';
import { planRun, runSuite, type RunOptions } from '../src/run.js';
import { readResults } from '../src/store.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { JitterCentroid, models } from './fixtures/registry.js';

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
  it('with 2 workers, hands each worker the model classes it has run: a fast class is warmed up in one thread only', async () => {
    // dummy's 8 jobs take a millisecond each, slow's 25 ms. The thread that starts on dummy runs all
    // of dummy's jobs before it helps with slow's; without the affinity it would take the next probe
    // in plan order (slow's on the other data set) as its second or third job.
    const suite = { datasets: ['iris', 'wine'], models: ['dummy', 'slow'], resampling: { kind: 'kfold', folds: 4 }, seed: 3 };
    const out = tmp();
    const r = await runSuite(options(suite, out, { jobs: 2 }));
    const classOf = new Map(readResults(join(out, 'results.jsonl')).results.map((x) => [x.jobId, x.className]));
    expect(r.timings).toHaveLength(16);
    expect(r.timings.every((c) => Number.isInteger(c.thread))).toBe(true);
    const byStart = [...r.timings].sort((a, b) => a.startMs - b.startMs);
    const first = byStart.find((c) => classOf.get(c.jobId) === 'DummyClassifier')!.thread;
    expect(byStart.filter((c) => c.thread === first).map((c) => classOf.get(c.jobId)).slice(0, 8)).toEqual(Array(8).fill('DummyClassifier'));
    // one warm-up per thread and class: warmupMs is 0 for the others
    const pairs = new Set(r.timings.map((c) => `${c.thread}|${classOf.get(c.jobId)}`));
    expect(r.timings.filter((c) => c.warmupMs > 0).length).toBe(pairs.size);
    expect(pairs.size).toBe(3);
  });

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
    // everything but the times, the clock and the thread budget (⌊cores ÷ workers⌋, checked on
    // its own below) is the same, whichever thread ran the job
    const stable = (r: JobResult | undefined): unknown => r && { ...r, fitMs: 0, predictMs: 0, finishedAt: '', threadBudget: 0 };
    for (const [id, r] of A) {
      expect(stable(B.get(id)), id).toEqual(stable(r));
      expect(stable(C.get(id)), id).toEqual(stable(r));
    }
    // and the three runs recorded the same splits
    expect(readFileSync(join(b, 'splits.json'), 'utf8')).toBe(readFileSync(join(a, 'splits.json'), 'utf8'));
    expect(readFileSync(join(c, 'splits.json'), 'utf8')).toBe(readFileSync(join(a, 'splits.json'), 'utf8'));
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
    const bJob = withBoundary.find((r) => r.label === 'centroid(jitter=0)')!;
    expect(bnd.testAccuracy).toBe(bJob.metrics['accuracy']);
    // the grid is in the data's own units and goes through the fold's pipeline (scaling fitted on
    // the training rows, then the model), as the test rows do
    const two = await loadDatasetSpec(options(detSuite, a).suite.datasets[1]!);
    const f0 = parseSplits(readFileSync(join(a, 'splits.json'), 'utf8')).datasets.two!.repeats[0]![0]!;
    const pipe = new Pipeline({ steps: [new StandardScaler()], model: new JitterCentroid({ jitter: 0, seed: bJob.seed }) });
    await pipe.fit(two.X.selectRows(f0.train), f0.train.map((i) => two.y[i]!) as Labels);
    const grid = bnd.gridY.flatMap((gy) => bnd.gridX.map((gx) => [gx, gy]));
    const p = await pipe.predictProba(grid);
    bnd.values.forEach((v, k) => expect(v).toBeCloseTo(p[k]![1]!, 12));
  }, 60_000);

  it("sets each worker's thread budget to ⌊cores ÷ workers⌋ before its first job, as the models see it, and records it on every line", async () => {
    const suite = { datasets: ['iris'], models: ['budget'], resampling: { kind: 'kfold', folds: 4 } };
    const seen = async (extra: Partial<RunOptions>): Promise<Array<[string[] | undefined, number | undefined]>> => {
      const out = tmp();
      const r = await runSuite(options(suite, out, extra));
      expect(r.ok).toBe(4);
      return readResults(join(out, 'results.jsonl')).results.map((x) => [x.notes, x.threadBudget]);
    };
    const cores = availableParallelism();
    for (const jobs of [1, 2, 3]) {
      const b = threadsPerWorker(jobs);
      // the model's own import of core and the line agree, on every job (the first one included)
      expect(await seen({ jobs }), `--jobs ${jobs}`).toEqual(Array.from({ length: 4 }, () => [[`thread budget ${b}`], b]));
    }
    // in this thread the runner sets nothing: every core
    expect(await seen({ inProcess: true })).toEqual(Array.from({ length: 4 }, () => [[`thread budget ${cores}`], cores]));
    // the machine: two cores, so a worker of --jobs 2 computes on one thread, of --jobs 1 on two
    if (cores === 2) expect([threadsPerWorker(2), threadsPerWorker(1)]).toEqual([1, 2]);
  }, 60_000);

  it("sets the thread budget in a queue worker's threads too: ⌊cores ÷ --concurrency⌋", async () => {
    const plan = await planRun(parseSuite({ datasets: ['iris'], models: ['budget'], resampling: { kind: 'kfold', folds: 2 } }, ctx), models);
    for (const concurrency of [1, 2]) {
      const sandbox = new JobSandbox(plan.data, registryModule, concurrency);
      try {
        const b = threadsPerWorker(concurrency);
        const replies = await Promise.all(plan.jobs.slice(0, concurrency).map((j) => sandbox.run(j, 0)));
        expect(replies.map((r) => [r.result.notes, r.result.threadBudget]), `--concurrency ${concurrency}`).toEqual(replies.map(() => [[`thread budget ${b}`], b]));
      } finally {
        await sandbox.close();
      }
    }
  }, 60_000);

  it('shares the cores out evenly between the workers, at least one thread each', () => {
    expect(threadsPerWorker(1, 2)).toBe(2);
    expect(threadsPerWorker(2, 2)).toBe(1);
    expect(threadsPerWorker(3, 2)).toBe(1);
    expect(threadsPerWorker(3, 8)).toBe(2);
    expect(threadsPerWorker(4, 8)).toBe(2);
    expect(threadsPerWorker(1, 1)).toBe(1);
  });

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
    expect(readResults(path).torn?.bytes).toBeGreaterThan(0);
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

  it('writes splits.json: the splits of every data set, repeat and fold, and the jobs used exactly those rows', async () => {
    const out = tmp();
    const raw = { datasets: ['iris', { csv: 'two.csv', target: 'label' }], models: ['rowprint'], resampling: { kind: 'kfold', folds: 3, repeats: 2 }, seed: 11 };
    const opts = options(raw, out, { jobs: 2 });
    await runSuite(opts);
    const splits = parseSplits(readFileSync(join(out, 'splits.json'), 'utf8'));
    expect(Object.keys(splits.datasets)).toEqual(['iris', 'two']);
    const res = readResults(join(out, 'results.jsonl')).results;
    expect(res.length).toBe(12);
    for (const spec of opts.suite.datasets) {
      const ds = await loadDatasetSpec(spec);
      const rec = splits.datasets[ds.name]!;
      expect(rec.rows).toBe(ds.X.rows);
      for (let r = 0; r < 2; r++) {
        // the same splits the splitter makes for this seed
        const made = await makeSplits(ds, opts.suite.resampling, 11, r);
        expect(rec.repeats[r], `${ds.name} r${r}`).toEqual(made.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) })));
      }
      // each job was fitted on exactly the recorded training rows (the test model reports their column sums)
      for (const x of res.filter((x) => x.dataset === ds.name)) {
        const f = rec.repeats[x.repeat]![x.fold]!;
        let a = 0;
        let b = 0;
        for (const i of f.train) {
          a += ds.X.get(i, 0);
          b += ds.X.get(i, 1);
        }
        expect([x.nTrain, x.nTest]).toEqual([f.train.length, f.test.length]);
        expect(x.history?.loss, x.jobId).toEqual([a, b, f.train.length]);
      }
    }
  }, 60_000);

  it('resumes on the recorded splits, not on new ones', async () => {
    const out = tmp();
    const raw = { datasets: ['iris'], models: ['dummy', 'rowprint'], resampling: { kind: 'kfold', folds: 3 } };
    await runSuite(options(raw, out, { inProcess: true }));
    // replace the recorded splits by hand-made ones (rows 0..99 train, 100..149 test) and run every job again
    const custom: SplitsFile = {
      schema: 1,
      datasets: { iris: { rows: 150, repeats: [[0, 1, 2].map(() => ({ train: [...Array(100).keys()], test: Array.from({ length: 50 }, (_, i) => 100 + i) }))] } },
    };
    writeFileSync(join(out, 'splits.json'), JSON.stringify(custom));
    writeFileSync(join(out, 'results.jsonl'), '');
    // run.json's fingerprint holds the hash of the splits.json the run wrote: an edited one is refused …
    await expect(runSuite(options(raw, out, { resume: true, jobs: 2 }))).rejects.toThrow(/^Cannot resume '.*': its splits\.json is not the one the run wrote \(hash [0-9a-f]{12}… then, [0-9a-f]{12}… now\): it was edited\./);
    // … so this test plays a run made before fingerprints were recorded, which resumes on whatever splits.json holds.
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo;
    delete info.fingerprint;
    writeFileSync(join(out, 'run.json'), JSON.stringify(info));
    const r = await runSuite(options(raw, out, { resume: true, jobs: 2 }));
    expect(r.ran).toBe(6);
    const res = readResults(join(out, 'results.jsonl')).results;
    // training rows 0..99: 50 setosa, 50 versicolor → 'setosa'; the test rows are all virginica
    expect(res.filter((x) => x.model === 'dummy').map((x) => [x.nTrain, x.nTest, x.metrics.accuracy])).toEqual([
      [100, 50, 0],
      [100, 50, 0],
      [100, 50, 0],
    ]);
    const iris = await loadDatasetSpec({ kind: 'bundled', name: 'iris' });
    let a = 0;
    for (let i = 0; i < 100; i++) a += iris.X.get(i, 0);
    for (const x of res.filter((x) => x.model === 'rowprint')) expect(x.history!.loss[0]).toBe(a);
    expect(JSON.parse(readFileSync(join(out, 'splits.json'), 'utf8'))).toEqual(custom);
  });

  it('gives the workers the data loaded once in the main thread: they never read the file again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlcompare-once-'));
    dirs.push(dir);
    const csv = join(dir, 'gone.csv');
    writeFileSync(csv, readFileSync(join(fixtures, 'two.csv')));
    const out = tmp();
    // the file disappears as soon as the plan has loaded it
    const r = await runSuite(options({ datasets: [{ csv, target: 'label' }], models: ['dummy', 'centroid'], resampling: { kind: 'kfold', folds: 2 } }, out, {
      jobs: 2,
      onDataset: () => unlinkSync(csv),
    }));
    expect(r.ok).toBe(4);
  }, 60_000);

  it('resumes: a line that is not a valid result is reported and its job runs again; a foreign job id is ignored; skipped jobs are not recorded twice', async () => {
    const out = tmp();
    const raw = { datasets: ['iris'], models: ['dummy', 'centroid'], resampling: { kind: 'kfold', folds: 2 }, limits: { maxRows: { centroid: 100 } } };
    await runSuite(options(raw, out, { inProcess: true }));
    const path = join(out, 'results.jsonl');
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBe(4);
    const okIndex = lines.findIndex((l) => (JSON.parse(l) as JobResult).status === 'ok');
    const broken = JSON.parse(lines[okIndex]!) as JobResult;
    lines[okIndex] = JSON.stringify({ ...broken, status: 'done' });
    const foreign = { ...(JSON.parse(lines[0]!) as JobResult), jobId: 'other|dummy|r0|f0' };
    writeFileSync(path, [...lines, JSON.stringify(foreign)].join('\n') + '\n');
    const logs: string[] = [];
    const r = await runSuite(options(raw, out, { resume: true, inProcess: true, log: (s) => logs.push(s) }));
    expect(r.ran).toBe(1);
    expect(r.alreadyDone).toBe(3);
    expect([r.ok, r.skipped, r.failed]).toEqual([2, 2, 0]);
    expect(logs).toContainEqual(
      `Resuming: ${path}: line ${okIndex + 1} is not a valid job result ('status' must be one of 'ok', 'error', 'timeout', 'skipped', got 'done'); it is not counted as a result. Job '${broken.jobId}' runs again.`,
    );
    expect(logs).toContainEqual(`Resuming: results.jsonl holds job 'other|dummy|r0|f0', which is not part of this run's plan; it is ignored.`);
    const after = readResults(path);
    // one line was added (the job run again); the skipped jobs were not written again
    expect(readFileSync(path, 'utf8').trim().split('\n').length).toBe(6);
    expect(after.results.filter((x) => x.jobId === broken.jobId).map((x) => x.status)).toEqual(['ok']);
    expect(after.results.filter((x) => x.status === 'skipped' && x.jobId !== foreign.jobId).length).toBe(2);
    // a second resume has nothing to do and writes nothing
    const size = statSync(path).size;
    const again = await runSuite(options(raw, out, { resume: true, inProcess: true }));
    expect(again.ran).toBe(0);
    expect(statSync(path).size).toBe(size);
  });

  it('records a job whose scorer throws as error with the message, not as a null metric', async () => {
    const out = tmp();
    const r = await runSuite(options({ datasets: ['iris'], models: ['badproba', 'centroid'], resampling: { kind: 'kfold', folds: 2 }, metrics: ['accuracy', 'logLoss'] }, out, { jobs: 1 }));
    expect([r.ok, r.failed]).toEqual([2, 2]);
    const res = readResults(join(out, 'results.jsonl')).results;
    for (const x of res.filter((x) => x.model === 'badproba')) {
      expect(x.status).toBe('error');
      expect(x.error).toMatch(/^InputError: .*'logLoss'/);
      expect(x.metrics).toEqual({});
    }
    for (const x of res.filter((x) => x.model === 'centroid')) expect(typeof x.metrics.logLoss).toBe('number');
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

describe('text from the data in run.json and the progress lines', () => {
  it('shortens a huge class label in run.json, strips terminal escapes from the command line and the progress lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlcompare-hostile-'));
    dirs.push(dir);
    const huge = 'L'.repeat(200_000);
    const evil = '\u001b]0;pwned\u0007\u001b[2Jevil';
    const rows = ['x,y,label'];
    for (let i = 0; i < 30; i++) rows.push(`${i},${(i * 7) % 11},${i % 2 === 0 ? huge : evil}`);
    writeFileSync(join(dir, 'h.csv'), rows.join('\n') + '\n');
    const out = join(dir, 'out');
    let progress = '';
    const raw = { datasets: [{ csv: join(dir, 'h.csv'), target: 'label', name: 'h\u001b[31mred' }], models: ['dummy'], resampling: { kind: 'kfold', folds: 2 } };
    await runSuite(options(raw, out, { inProcess: true, commandLine: 'mlcompare bench \u001b[2J', progress: { sink: { write: (s: string) => void (progress += s) }, tty: false } }));
    const info = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunInfo;
    const classes = info.datasets[0]!.classes as string[];
    expect(classes).toHaveLength(2);
    expect(classes.some((c) => c.startsWith('LLL') && c.length < 200 && c.includes('200000 characters'))).toBe(true);
    expect(info.commandLine).not.toMatch(/\u001b/);
    expect(statSync(join(out, 'run.json')).size).toBeLessThan(50_000);
    expect(progress).toMatch(/ok {6}h/);
    expect(progress).not.toMatch(/\u001b/);
  }, 60_000);
});
