/**
 * Tuned models through the queue (nested cross-validation on BullMQ): a private `redis-server` and
 * two real `mlcompare worker` processes take the inner trials and refits the coordinator hands out
 * as each search moves on, on the inner folds the queue's data set carries. The results file must
 * hold every outer job and every inner trial exactly once, with the lines (metrics, chosen
 * parameters, the search) of a local `--jobs 1` run — also when a worker is SIGKILLed mid-run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobResult, ModelSpec } from '@mlcompare/core';
import { DEFAULT_REGISTRY_MODULE } from '../src/cli.js';
import type { QueueJobData } from '../src/queue/protocol.js';
import { QUEUE_NAME } from '../src/queue/protocol.js';
import { models as realModels } from '../src/registry.js';
import { runSuite } from '../src/run.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models as testModels } from './fixtures/queue-registry.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { resultLines, until } from './helpers/wait.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const testRegistryPath = fileURLToPath(new URL('./fixtures/queue-registry.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** Short locks: a dead worker's job goes back to the queue within about 1.5 s. */
const LOCK_SEC = '1.5';

const root = mkdtempSync(join(tmpdir(), 'mlcompare-queue-tune-'));
let redis: TestRedis | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
  redis = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines = resultLines;

/** A line without what the clock decides (times, CPU time, when it finished) nor the thread budget of the worker that ran it. */
function stable(r: JobResult): unknown {
  const out: Record<string, unknown> = { ...r, fitMs: 0, predictMs: 0, finishedAt: '', threadBudget: 0 };
  if (r.inner) out['inner'] = { ...r.inner, cpuMs: 0 };
  if (r.tuning) out['tuning'] = { ...r.tuning, cpuMs: 0, anytime: r.tuning.anytime.map((a) => ({ ...a, cpuMs: 0 })) };
  return out;
}

interface Setup {
  raw: object;
  registry: ModelSpec[];
  registryModule: string;
  /** The workers' environment: which registry they load, how slow the `slow` model is. */
  env: Record<string, string>;
}

/** knn and cart on iris, 3 outer folds: default rows, random search with 4 evaluations, and successive halving (subsampled inner folds) for knn. */
const real: Setup = {
  raw: {
    name: 'qt',
    datasets: ['iris'],
    models: ['knn', 'cart', { model: 'knn', label: 'knn halving', tune: { strategy: 'halving', budget: { evals: 4 } } }],
    resampling: { kind: 'kfold', folds: 3 },
    seed: 3,
    tune: { strategy: 'random', budget: { evals: 4 } },
  },
  registry: realModels as ModelSpec[],
  registryModule: DEFAULT_REGISTRY_MODULE,
  env: { MLCOMPARE_REGISTRY: '' },
};

/** The slowed-down seeded centroid, tuned by TPE (one candidate at a time: the queue is fed trial by trial), so a worker can be killed mid-job. */
const slow: Setup = {
  raw: {
    name: 'qs',
    datasets: ['iris'],
    models: ['slow', { model: 'slow', label: 'slow tpe', tune: { strategy: 'tpe', budget: { evals: 3 }, space: { jitter: { range: [0, 400] } } } }],
    resampling: { kind: 'kfold', folds: 3 },
    seed: 3,
  },
  registry: testModels,
  registryModule: pathToFileURL(testRegistryPath).href,
  env: { MLCOMPARE_REGISTRY: testRegistryPath, MLCOMPARE_TEST_SLOW_MS: '150' },
};

function suiteOf(s: Setup): ReturnType<typeof parseSuite> {
  const ctx: SuiteContext = { source: 'test', baseDir: repo, registry: s.registry, catalog: { bundled: ['iris', 'wine'], generators: [] } };
  return parseSuite(s.raw, ctx);
}

const localRuns = new Map<string, JobResult[]>();
/** The suite run locally with one worker thread (once per setup): the reference. */
async function localLines(s: Setup, name: string): Promise<JobResult[]> {
  if (!localRuns.has(name)) {
    const out = join(root, `${name}-local`);
    await runSuite({ suite: suiteOf(s), registry: s.registry, registryModule: s.registryModule, outDir: out, jobs: 1 });
    localRuns.set(name, lines(out));
  }
  return localRuns.get(name)!;
}

/** Every outer job and inner trial exactly once, each line the local run's (clock fields aside). */
function expectSameLines(got: JobResult[], ref: JobResult[]): void {
  const ids = got.map((r) => r.jobId);
  expect(new Set(ids).size, 'a job written twice').toBe(ids.length);
  expect([...ids].sort()).toEqual(ref.map((r) => r.jobId).sort());
  const byId = new Map(ref.map((r) => [r.jobId, r]));
  for (const r of got) expect(stable(r), r.jobId).toEqual(stable(byId.get(r.jobId)!));
}

function startCli(s: Setup, args: string[]): { child: ChildProcess; err: () => string; closed: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', tsxLoader, '--conditions=@mlcompare/source', cli, ...args], {
    cwd: repo,
    env: { ...process.env, INIT_CWD: repo, ...s.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, err: () => err, closed };
}

function startWorker(s: Setup, url: string): { child: ChildProcess; err: () => string } {
  return startCli(s, ['worker', '--queue', url, '--lock', LOCK_SEC]);
}

async function startWorkers(s: Setup, url: string, n: number): Promise<Array<{ child: ChildProcess; err: () => string }>> {
  const ws = Array.from({ length: n }, () => startWorker(s, url));
  await until('the workers to start', () => ws.every((w) => /mlcompare worker \S+: mlcompare /.test(w.err())), 90_000);
  return ws;
}

describe.skipIf(process.platform !== 'linux')('tuned models through the queue', () => {
  it('knn and cart, random search and halving, on two workers: every outer job and inner trial once, the lines of a local --jobs 1 run', async () => {
    redis = await startRedis();
    const ref = await localLines(real, 'real');
    const inner = ref.filter((r) => r.inner);
    // 6 default + 9 tuned outer jobs; random: 4 candidates × 3 inner folds per tuned outer job; halving subsamples its first round
    expect(ref.length - inner.length).toBe(15);
    expect(inner.filter((r) => r.label !== 'knn halving').length).toBe(2 * 3 * 4 * 3);
    expect(inner.some((r) => r.label === 'knn halving' && r.inner!.round === 0 && r.nTrain! < 60)).toBe(true);
    await startWorkers(real, redis.url, 2);
    const out = join(root, 'real-queue');
    const log: string[] = [];
    const outcome = await runSuite({ suite: suiteOf(real), registry: real.registry, registryModule: real.registryModule, outDir: out, queue: { url: redis.url, sweepMs: 300 }, log: (l) => log.push(l) });
    expect(outcome.ok, log.join('\n')).toBe(15);
    expect(log.join('\n')).toMatch(/more as the tuning searches move on/);
    expectSameLines(lines(out), ref);
  }, 240_000);

  it('a worker SIGKILLed while it runs an inner trial: every outer job and inner trial still exactly once, as a local run', async () => {
    redis = await startRedis();
    const ref = await localLines(slow, 'slow');
    // 3 default + 3 tuned outer jobs, 3 candidates × 3 inner folds each
    expect(ref.length).toBe(6 + 27);
    const [a] = await startWorkers(slow, redis.url, 2);
    const queue = new Queue(QUEUE_NAME, { connection: { port: redis.port, host: '127.0.0.1' } });
    try {
      const out = join(root, 'slow-queue');
      const run = runSuite({ suite: suiteOf(slow), registry: slow.registry, registryModule: slow.registryModule, outDir: out, queue: { url: redis.url, sweepMs: 300 } });
      let killed = '';
      await until('an inner trial running on the first worker', async () => {
        const j = (await queue.getActive()).find((x) => x.processedBy?.endsWith(`:${a!.child.pid}`) && (x.data as QueueJobData).task.inner !== undefined);
        killed = j?.id ?? '';
        return killed !== '';
      });
      a!.child.kill('SIGKILL');
      const outcome = await run;
      expect(outcome.ok).toBe(6);
      expectSameLines(lines(out), ref);
      expect(await queue.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed')).toEqual({ completed: 0, failed: 0, wait: 0, active: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('the coordinator killed mid-search and started again on the same --out: recorded trials are replayed, nothing lost, nothing duplicated', async () => {
    redis = await startRedis();
    const ref = await localLines(slow, 'slow');
    await startWorkers(slow, redis.url, 2);
    const suiteFile = join(root, 'qs.json');
    writeFileSync(suiteFile, JSON.stringify(slow.raw));
    const out = join(root, 'slow-resume');
    const args = ['bench', suiteFile, '--queue', redis.url, '--out', out];
    const first = startCli(slow, args);
    await until('some inner trials recorded', () => lines(out).filter((r) => r.inner).length >= 4, 120_000);
    first.child.kill('SIGKILL');
    await first.closed;
    expect(lines(out).length).toBeLessThan(ref.length);
    const second = startCli(slow, args);
    expect(await second.closed, second.err()).toBe(0);
    expect(second.err()).toMatch(/Resuming .*: \d+ of 6 jobs already done \(and \d+ inner tuning trials\)/);
    expectSameLines(lines(out), ref);
  }, 240_000);
});
