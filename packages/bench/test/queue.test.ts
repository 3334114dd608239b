/**
 * The queue on a real Redis (a private `redis-server` per test, on a free loopback port with a
 * temporary folder) and real `mlcompare worker` processes: deaths, stalls, a coordinator killed and
 * started again, Redis killed and restarted with its append-only file, refusals. Each run's results
 * must be every job exactly once, with the metrics of a local `--jobs 1` run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { JobResult } from '@mlcompare/core';
import { runSuite, type RunOptions } from '../src/run.js';
import { QUEUE_NAME, QUEUE_PROTOCOL, queueJobId, type QueueJobData } from '../src/queue/protocol.js';
import { runWorker } from '../src/queue/worker.js';
import { parseSuite, type SuiteContext } from '../src/suite.js';
import { models } from './fixtures/queue-registry.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { resultLines, sleep, until } from './helpers/wait.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const registryPath = fileURLToPath(new URL('./fixtures/queue-registry.ts', import.meta.url));
const registryModule = pathToFileURL(registryPath).href;
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const ctx: SuiteContext = { source: 'test', baseDir: repo, registry: models, catalog: { bundled: ['iris', 'wine'], generators: [] } };
const suiteRaw = { name: 'q', datasets: ['iris'], models: ['slow', 'centroid:jitter=50', 'dummy'], resampling: { kind: 'kfold', folds: 3 }, seed: 3 };
const N_JOBS = 9;
/** Short locks: a dead or stopped worker's job goes back to the queue within about 1.5 s. */
const LOCK_SEC = '1.5';

const root = mkdtempSync(join(tmpdir(), 'mlcompare-queue-'));
let redis: TestRedis | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await redis?.stop();
  redis = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const results = resultLines;

let local: Map<string, JobResult> | undefined;
/** The suite run locally with one worker thread: the reference every queue run must equal. */
async function localRun(): Promise<Map<string, JobResult>> {
  if (!local) {
    const out = join(root, 'local');
    await runSuite({ suite: parseSuite(suiteRaw, ctx), registry: models, registryModule, outDir: out, jobs: 1 });
    local = new Map(results(out).map((r) => [r.jobId, r]));
  }
  return local;
}

/** Every job exactly once, with the local run's status and metrics. */
async function expectSameAsLocal(dir: string): Promise<void> {
  const got = results(dir);
  const ref = await localRun();
  expect(ref.size).toBe(N_JOBS);
  expect(got.map((r) => r.jobId).sort()).toEqual([...ref.keys()].sort());
  // the thread budget (⌊cores ÷ threads⌋ of the worker that ran the job) aside
  const stable = (r: JobResult | undefined): unknown => r && { ...r, fitMs: 0, predictMs: 0, finishedAt: '', threadBudget: 0 };
  for (const r of got) expect(stable(r), r.jobId).toEqual(stable(ref.get(r.jobId)));
}

interface Proc {
  child: ChildProcess;
  err: () => string;
  closed: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string> = {}): Proc {
  const child = spawn(process.execPath, ['--import', tsxLoader, '--conditions=@mlcompare/source', cli, ...args], {
    cwd: repo,
    env: { ...process.env, MLCOMPARE_REGISTRY: registryPath, INIT_CWD: repo, MLCOMPARE_TEST_SLOW_MS: '400', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, err: () => err, closed };
}

async function startWorkers(url: string, n: number): Promise<Proc[]> {
  const ws = Array.from({ length: n }, () => startCli(['worker', '--queue', url, '--lock', LOCK_SEC]));
  await until('the workers to start', () => ws.every((w) => /mlcompare worker \S+: mlcompare /.test(w.err())), 90_000);
  return ws;
}

/** Waits until the worker process `pid` runs a job of the queue, and returns its id. */
async function activeOn(queue: Queue, pid: number): Promise<string> {
  let id = '';
  await until(`a job running on worker ${pid}`, async () => {
    const j = (await queue.getActive()).find((a) => a.processedBy?.endsWith(`:${pid}`));
    id = j?.id ?? '';
    return id !== '';
  });
  return id;
}

function options(outDir: string, url: string, extra: Partial<RunOptions> = {}): RunOptions {
  return { suite: parseSuite(suiteRaw, ctx), registry: models, registryModule, outDir, queue: { url, sweepMs: 300 }, ...extra };
}

describe.skipIf(process.platform !== 'linux')('the queue on a real Redis', () => {
  it('three workers, one SIGKILLed mid-job and one stopped past its lock: every job exactly once, metrics of a local --jobs 1 run', async () => {
    redis = await startRedis();
    const out = join(root, 'deaths');
    const queue = new Queue(QUEUE_NAME, { connection: { port: redis.port, host: '127.0.0.1' } });
    try {
      const [a, b] = await startWorkers(redis.url, 3);
      const run = runSuite(options(out, redis.url));
      const killedJob = await activeOn(queue, a!.child.pid!);
      a!.child.kill('SIGKILL');
      const stoppedJob = await activeOn(queue, b!.child.pid!);
      b!.child.kill('SIGSTOP'); // its event loop (and lock renewal) stands still past the lock
      await sleep(Number(LOCK_SEC) * 1000 * 3);
      b!.child.kill('SIGCONT');
      const outcome = await run;
      expect(outcome.ok).toBe(N_JOBS);
      expect(killedJob).not.toBe(stoppedJob);
      await expectSameAsLocal(out);
      // the run's jobs left the queue once recorded
      expect(await queue.getJobCounts('completed', 'failed', 'wait', 'active', 'delayed')).toEqual({ completed: 0, failed: 0, wait: 0, active: 0, delayed: 0 });
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('the coordinator killed mid-run and started again on the same --out: nothing lost, nothing duplicated', async () => {
    redis = await startRedis();
    const out = join(root, 'coordinator');
    await startWorkers(redis.url, 2);
    const suiteFile = join(root, 'q.json');
    writeFileSync(suiteFile, JSON.stringify(suiteRaw));
    const args = ['bench', suiteFile, '--queue', redis.url, '--out', out];
    const first = startCli(args);
    await until('two results', () => results(out).length >= 2, 120_000);
    first.child.kill('SIGKILL');
    await first.closed;
    expect(results(out).length).toBeLessThan(N_JOBS);
    const second = startCli(args);
    expect(await second.closed).toBe(0);
    expect(second.err()).toMatch(/Resuming .*: \d+ of 9 jobs already done/);
    const got = results(out);
    expect(got.map((r) => r.jobId).sort()).toEqual([...(await localRun()).keys()].sort());
    const ref = await localRun();
    for (const r of got) expect(r.metrics, r.jobId).toEqual(ref.get(r.jobId)!.metrics);
  }, 240_000);

  it('Redis killed mid-run and restarted from its append-only file: the run completes, exactly once', async () => {
    redis = await startRedis(true);
    const out = join(root, 'restart');
    await startWorkers(redis.url, 2);
    const run = runSuite(options(out, redis.url));
    await until('two results', () => results(out).length >= 2, 120_000);
    await redis.kill();
    await sleep(1000);
    await redis.restart();
    const outcome = await run;
    expect(outcome.ok).toBe(N_JOBS);
    await expectSameAsLocal(out);
  }, 240_000);

  it('SIGTERM: a worker hands its running job back at once (not after its lock expires) and exits 0; another worker finishes the run', async () => {
    redis = await startRedis();
    const out = join(root, 'sigterm');
    const queue = new Queue(QUEUE_NAME, { connection: { port: redis.port, host: '127.0.0.1' } });
    try {
      // a job far longer than the test, and a 60 s lock: only handing back can free it in time
      const slow = startCli(['worker', '--queue', redis.url, '--lock', '60'], { MLCOMPARE_TEST_SLOW_MS: '600000' });
      await until('the worker to start', () => /mlcompare worker \S+: mlcompare /.test(slow.err()), 90_000);
      const run = runSuite(options(out, redis.url));
      const id = await activeOn(queue, slow.child.pid!);
      const t0 = Date.now();
      slow.child.kill('SIGTERM');
      expect(await Promise.race([slow.closed, sleep(30_000).then(() => 'still running after 30 s')])).toBe(0);
      expect(slow.err()).toMatch(/stopping — handing running jobs back to the queue…\n.*stopped after 0 job\(s\)\./);
      expect(await queue.getJobState(id)).toBe('waiting');
      expect(Date.now() - t0).toBeLessThan(30_000); // far under the 60 s lock
      await startWorkers(redis.url, 1);
      expect((await run).ok).toBe(N_JOBS);
      await expectSameAsLocal(out);
    } finally {
      await queue.close();
    }
  }, 240_000);

  it('refuses a job queued by another mlcompare version, with MLCOMPARE_QUEUE_VERSION, and does not run it', async () => {
    redis = await startRedis();
    const conn = new Redis(redis.url);
    const queue = new Queue(QUEUE_NAME, { connection: conn });
    const ctl = new AbortController();
    const lines: string[] = [];
    try {
      const run = 'a'.repeat(24);
      const task = { jobId: 'iris|dummy|r0|f0', dataset: 'iris', task: 'classification' as const, model: 'dummy', className: 'DummyClassifier', params: {}, label: 'dummy', repeat: 0, fold: 0, seed: 1, metrics: ['accuracy'], boundary: false };
      const data: QueueJobData = { protocol: QUEUE_PROTOCOL, mlcompare: '0.0.1-other', run, data: { iris: 'b'.repeat(64) }, model: { packageName: '@mlcompare/core', version: null }, timeoutSec: 0, task };
      const id = queueJobId(run, 'b'.repeat(64), task);
      await queue.add('job', data, { jobId: id });
      const worker = runWorker({ url: redis.url, registryModule, log: (l) => lines.push(l), signal: ctl.signal });
      let refusals: Array<[string, string[]]> = [];
      await until('the refusal', async () => {
        refusals = await conn.xrange(`mlcompare:run:${run}:refusals`, '-', '+');
        return refusals.length > 0;
      });
      const fields = Object.fromEntries(refusals[0]![1].flatMap((v, i, a) => (i % 2 === 0 ? [[v, a[i + 1]]] : [])));
      expect(fields['code']).toBe('MLCOMPARE_QUEUE_VERSION');
      expect(fields['message']).toMatch(/^This worker is mlcompare 0\.1\.0; the job was queued by mlcompare 0\.0\.1-other, and another version may compute other numbers\. Run workers of mlcompare 0\.0\.1-other\.$/);
      expect(lines.join('\n')).toMatch(/refused job j[0-9a-f]{64} of run a{24}: QueueRefusalError MLCOMPARE_QUEUE_VERSION: This worker is mlcompare 0\.1\.0/);
      // handed back, not run and not failed
      expect(['delayed', 'waiting', 'active']).toContain(await queue.getJobState(id));
      ctl.abort();
      const summary = await worker;
      expect(summary.completed).toBe(0);
      expect(summary.refused['MLCOMPARE_QUEUE_VERSION']).toBeGreaterThanOrEqual(1);
    } finally {
      ctl.abort();
      await queue.close();
      conn.disconnect();
    }
  }, 60_000);

  it('refuses a tampered data set with MLCOMPARE_QUEUE_DATA; the coordinator stores it again and the run completes as a local one', async () => {
    redis = await startRedis();
    const out = join(root, 'tampered');
    const conn = new Redis(redis.url);
    const log: string[] = [];
    const ctl = new AbortController();
    try {
      const run = runSuite(options(out, redis.url, { log: (l) => log.push(l) }));
      let key = '';
      await until('the data on Redis', async () => {
        key = (await conn.keys('mlcompare:run:*:data:*'))[0] ?? '';
        return key !== '';
      });
      const bytes = await conn.lindexBuffer(key, 0);
      bytes![bytes!.length - 5]! ^= 1; // one bit of one split's row index
      await conn.lset(key, 0, bytes!);
      const wlog: string[] = [];
      const worker = runWorker({ url: redis.url, registryModule, concurrency: 2, log: (l) => wlog.push(l), signal: ctl.signal });
      const outcome = await run;
      ctl.abort();
      const summary = await worker;
      expect(outcome.ok).toBe(N_JOBS);
      expect(summary.refused['MLCOMPARE_QUEUE_DATA']).toBeGreaterThanOrEqual(1);
      expect(wlog.join('\n')).toMatch(/MLCOMPARE_QUEUE_DATA: The data set 'iris' read from Redis has SHA-256 [0-9a-f]{16}…, not [0-9a-f]{16}… as the job says/);
      expect(log.join('\n')).toMatch(/queue: worker \S+ refused job j[0-9a-f]{64}: MLCOMPARE_QUEUE_DATA: The data set 'iris'/);
      expect(log.join('\n')).toMatch(/queue: storing the run's data on Redis again/);
      await expectSameAsLocal(out);
    } finally {
      ctl.abort();
      conn.disconnect();
    }
  }, 120_000);
});
