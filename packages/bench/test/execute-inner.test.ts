/**
 * The inner-trial fields of a result line, from `executeJob` called directly (execute.ts): an inner
 * trial runs on its inner fold and records its `inner` (a copy, with the trial's CPU time: the
 * thread's own where the system tells it, else fit + predict wall time); an outer job has no
 * `inner`. The thread CPU clock is a spy, so the times are exact. Written against the mutants of
 * those lines that survived `pnpm mutation packages/bench/src/execute.ts:…` (see MUTATION.md).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InnerTrial } from '@mlcompare/core';
import { loadDataset } from '@mlcompare/datasets';
import { shareDataset } from '../src/data.js';
import { executeJob, jobResult, type JobEnvironment, type JobTask, type SharedDataset } from '../src/execute.js';
import { innerFolds } from '../src/inner.js';
import { models } from './fixtures/registry.js';

const cpu = vi.hoisted(() => ({ readings: [] as number[] }));

vi.mock('../src/inner.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../src/inner.js')>()),
  // each call takes the next reading (NaN: the system does not tell)
  threadCpuMs: vi.fn(() => cpu.readings.shift() ?? NaN),
}));

const KEY = 'kfold-2';

/** iris, one outer fold (even rows train, odd rows test), and its two inner folds under KEY. */
async function irisShared(): Promise<SharedDataset> {
  const ds = await loadDataset('iris');
  const all = Array.from({ length: ds.X.rows }, (_, i) => i);
  const outer = { train: Int32Array.from(all.filter((i) => i % 2 === 0)), test: Int32Array.from(all.filter((i) => i % 2 === 1)) };
  const shared = shareDataset(ds, [[outer]]);
  shared.inner = { [KEY]: [[innerFolds(shared.splits[0]![0]!.train, ds.y, ds.task, { kind: 'kfold', folds: 2, shuffle: false }, 0)]] };
  return shared;
}

const outerTask: JobTask = {
  jobId: 'iris|centroid|r0|f0',
  dataset: 'iris',
  task: 'classification',
  model: 'centroid',
  className: 'JitterCentroid',
  params: { jitter: 0 },
  label: 'centroid',
  repeat: 0,
  fold: 0,
  seed: 5,
  metrics: ['accuracy'],
  boundary: false,
};

const trial: InnerTrial = { outerJobId: outerTask.jobId, trial: 2, innerFold: 1 };
const innerTask: JobTask = { ...outerTask, jobId: 'iris|centroid|r0|f0|t2|k1', inner: trial, innerSplit: { key: KEY } };

/** A job environment whose clock steps 2 ms per reading (so fit and predict take a known, non-zero time). */
function environment(ds: SharedDataset): JobEnvironment {
  let t = 0;
  return { registry: models, datasets: new Map([['iris', ds]]), now: () => (t += 2) };
}

describe('executeJob: the inner fields of a result line', () => {
  let ds: SharedDataset;
  beforeEach(async () => {
    ds ??= await irisShared();
    cpu.readings = [];
    // the first job of a class warms it up untimed: do it here, so every test sees the same calls
    await executeJob(outerTask, environment(ds));
  }, 60_000);

  it("an inner trial runs on its inner fold and records its trial with the thread's CPU time", async () => {
    cpu.readings = [1000, 1012.5];
    const r = await executeJob(innerTask, environment(ds));
    expect(r.status, r.error ?? '').toBe('ok');
    const fold = ds.inner![KEY]![0]![0]![1]!;
    expect([r.nTrain, r.nTest]).toEqual([fold.train.length, fold.test.length]);
    expect(r.nTrain + r.nTest).toBe(ds.splits[0]![0]!.train.length);
    expect(r.inner).toEqual({ ...trial, cpuMs: 12.5 });
    // a copy: the task's trial is not written to
    expect(innerTask.inner).toEqual(trial);
    expect(r.inner).not.toBe(innerTask.inner);
  }, 60_000);

  it('without a thread CPU clock (NaN), or one that went back, the trial counts its fit and predict time', async () => {
    for (const readings of [[NaN, NaN], [1000, 990]]) {
      cpu.readings = readings;
      const r = await executeJob(innerTask, environment(ds));
      expect(r.fitMs! > 0 && r.predictMs! > 0).toBe(true);
      expect(r.inner!.cpuMs, String(readings)).toBe(r.fitMs! + r.predictMs!);
    }
  }, 60_000);

  it('an outer job runs on its outer fold and has no inner field', async () => {
    const r = await executeJob(outerTask, environment(ds));
    expect(r.status, r.error ?? '').toBe('ok');
    expect([r.nTrain, r.nTest]).toEqual([75, 75]);
    expect('inner' in r).toBe(false);
    expect('inner' in jobResult(outerTask, 'skipped', 'x')).toBe(false);
  }, 60_000);

  it('a repeat or fold the data set does not have is an error result naming it, not a TypeError', async () => {
    for (const [repeat, fold] of [[1, 0], [0, 1]] as const) {
      const r = await executeJob({ ...outerTask, repeat, fold }, environment(ds));
      expect(r.status).toBe('error');
      expect(r.error).toBe(`Error: Repeat ${repeat}, fold ${fold} of 'iris' does not exist (the run has 1 repeat(s) of 1 folds).`);
    }
  }, 60_000);

  it("a trial's line written without running (skipped, failed) carries its trial too", () => {
    const r = jobResult(innerTask, 'error', 'boom', '2026-01-01T00:00:00.000Z');
    expect(r.inner).toEqual(trial);
    expect(r.inner).not.toBe(innerTask.inner);
  });
});
