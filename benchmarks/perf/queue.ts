/**
 * Speed and scale of the queue (issue 17), on a private `redis-server` this script starts on a free
 * loopback port (and stops):
 * 1. The queue's overhead on a real suite (default: 'default'): wall time with 1 and 2
 *    `mlcompare worker` processes (one job at a time each) against the local pool with --jobs 1
 *    and 2. Overhead per job = (queue wall − local wall) × workers / jobs (target < 10 ms), and the
 *    parallel efficiency of 2 workers (wall with 1 / (2 × wall with 2)). The workers are started and
 *    ready before the clock starts, as on machines that wait for work.
 * 2. Scale beyond this machine, simulated: 16 and 64 worker processes whose jobs sleep instead of
 *    training, each for a duration drawn out of the job times (fit + predict) of part 1's local run.
 *    The coordinator is the real one (planning, Redis, BullMQ, the fsync'd results file). Prints the
 *    throughput against the ideal — the same jobs in the same order, each started by the first free
 *    worker with no overhead at all (target ≥ 90 %) — and the coordinator's CPU per 1,000 jobs.
 *
 * 1a first measures the round trip alone: many jobs that take no time (`--tiny-jobs N`, default
 * 1,000), local against queued; on a busy shared machine this is the steadier figure.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/queue.ts [SUITE]
 *      [--timings RESULTS.jsonl] (skip part 1b; take the durations from that file)
 *      [--save-timings FILE] (keep part 1b's local results.jsonl, for --timings) [--sim 16,64]
 *      [--sim-seconds S] (ideal length of each simulated run, default 20)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Rng, deriveSeed, parseResults } from '@mlcompare/core';
import { DEFAULT_REGISTRY_MODULE, datasetCatalog, defaultSuitesDir, parseSuite, planRun, runSuite, type RunOptions, type Suite } from '@mlcompare/bench';
import { models } from '@mlcompare/bench/registry';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const suiteName = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'default';
const timingsFile = opt('--timings');
const simSizes = (opt('--sim') ?? '16,64').split(',').map(Number);
const simSeconds = Number(opt('--sim-seconds') ?? 20);

const repo = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(repo, 'packages/bench/src/cli.ts');
const simWorker = fileURLToPath(new URL('./queue-sim-worker.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const work = mkdtempSync(join(tmpdir(), 'mlcompare-perf-queue-'));
const children: ChildProcess[] = [];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server as production would run it (noeviction, append-only file fsync'd every second). */
async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const dir = join(work, 'redis');
  spawnSync('mkdir', ['-p', dir]);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  children.push(child);
  for (let i = 0; i < 200; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return { url: `redis://127.0.0.1:${port}`, child };
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

/**
 * Starts `n` worker processes with `argv` and waits until each says it is ready, eight at a time
 * (64 node processes starting at once on two cores starve each other past the 5 s connect limit).
 */
async function startWorkers(n: number, argv: string[]): Promise<ChildProcess[]> {
  const ws: ChildProcess[] = [];
  for (let at = 0; at < n; at += 8) ws.push(...(await startBatch(Math.min(8, n - at), argv)));
  return ws;
}

async function startBatch(n: number, argv: string[]): Promise<ChildProcess[]> {
  const ws: ChildProcess[] = [];
  const ready: Array<Promise<void>> = [];
  for (let i = 0; i < n; i++) {
    const c = spawn(process.execPath, ['--import', tsxLoader, '--conditions=@mlcompare/source', ...argv], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(c);
    ws.push(c);
    ready.push(
      new Promise((resolve, reject) => {
        let err = '';
        c.stderr!.on('data', (b: Buffer) => {
          err += b.toString();
          if (/mlcompare worker \S+: mlcompare /.test(err)) resolve();
        });
        c.on('exit', (code) => reject(new Error(`a worker exited (${code}) before it was ready:\n${err}`)));
      }),
    );
  }
  await Promise.all(ready);
  return ws;
}

async function stopWorkers(ws: ChildProcess[]): Promise<void> {
  await Promise.all(ws.map((c) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))))));
}

function loadSuite(name: string): Suite {
  const source = join(defaultSuitesDir(), `${name}.json`);
  return parseSuite(JSON.parse(readFileSync(source, 'utf8')), { source, baseDir: join(source, '..'), registry: models, catalog: catalog! });
}

async function timed(opts: Partial<RunOptions> & { suite: Suite }, tag: string): Promise<{ ms: number; jobs: number; cpuMs: number; dir: string }> {
  const dir = join(work, tag);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outcome = await runSuite({ registry: models, registryModule: DEFAULT_REGISTRY_MODULE, outDir: dir, commandLine: 'perf/queue.ts', log: () => {}, ...opts });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (outcome.ok + outcome.failed + outcome.skipped !== outcome.total) throw new Error(`${tag}: ${outcome.total} jobs, ${outcome.ok} ok`);
  return { ms, jobs: outcome.ran, cpuMs: (cpu.user + cpu.system) / 1000, dir };
}

const catalog = await datasetCatalog();
const redis = await startRedis();
try {
  // 1a. The round trip alone: jobs that take no time (the dummy baseline on iris), many of them.
  {
    const n = Number(opt('--tiny-jobs') ?? 1000);
    const suite = parseSuite(
      { name: 'tiny', datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 10, repeats: Math.ceil(n / 10) }, seed: 0, metrics: ['accuracy'] },
      { source: 'perf/queue.ts', baseDir: repo, registry: models, catalog },
    );
    console.log(`1a. ${Math.ceil(n / 10) * 10} jobs of the dummy baseline on iris (about 0.1 ms of fit and predict each): the queue's round trip`);
    const l1 = await timed({ suite, jobs: 1 }, 'tiny-local1');
    const l2 = await timed({ suite, jobs: 2 }, 'tiny-local2');
    const q: Array<{ ms: number; jobs: number }> = [];
    for (const w of [1, 2]) {
      const ws = await startWorkers(w, [cli, 'worker', '--queue', redis.url]);
      q.push(await timed({ suite, queue: { url: redis.url, sweepMs: 2000 } }, `tiny-queue${w}`));
      await stopWorkers(ws);
    }
    const per = (x: { ms: number; jobs: number }): string => (x.ms / x.jobs).toFixed(2);
    console.log(`   per job: local --jobs 1 ${per(l1)} ms, --jobs 2 ${per(l2)} ms; queue 1 worker ${per(q[0]!)} ms, 2 workers ${per(q[1]!)} ms`);
    console.log(
      `   queue overhead per job (queue − local, same parallelism): 1 worker ${((q[0]!.ms - l1.ms) / l1.jobs).toFixed(2)} ms, ` +
        `2 workers ${(((q[1]!.ms - l2.ms) * 2) / l2.jobs).toFixed(2)} ms of worker time (target < 10 ms)`,
    );
  }
  let durations: number[];
  if (timingsFile) {
    durations = parseResults(readFileSync(timingsFile, 'utf8')).results.filter((r) => r.status === 'ok').map((r) => (r.fitMs ?? 0) + (r.predictMs ?? 0));
    console.log(`durations: ${durations.length} jobs of ${timingsFile}`);
  } else {
    const suite = loadSuite(suiteName);
    console.log(`1b. suite '${suiteName}': ${suite.datasets.length} data sets × ${suite.models.length} models, local pool vs queue (${redis.url})`);
    const rows: Record<string, { ms: number; jobs: number }> = {};
    const l1 = await timed({ suite, jobs: 1 }, 'local1');
    rows['local --jobs 1'] = l1;
    const text = readFileSync(join(l1.dir, 'results.jsonl'), 'utf8');
    if (opt('--save-timings')) writeFileSync(opt('--save-timings')!, text);
    durations = parseResults(text).results.filter((r) => r.status === 'ok').map((r) => (r.fitMs ?? 0) + (r.predictMs ?? 0));
    rows['local --jobs 2'] = await timed({ suite, jobs: 2 }, 'local2');
    for (const n of [1, 2]) {
      const ws = await startWorkers(n, [cli, 'worker', '--queue', redis.url]);
      rows[`queue, ${n} worker(s)`] = await timed({ suite, queue: { url: redis.url, sweepMs: 2000 } }, `queue${n}`);
      await stopWorkers(ws);
    }
    for (const [k, v] of Object.entries(rows)) console.log(`   ${k.padEnd(20)} ${(v.ms / 1000).toFixed(1).padStart(7)} s  (${v.jobs} jobs)`);
    const jobs = l1.jobs;
    const over = (q: string, l: string, n: number): string => (((rows[q]!.ms - rows[l]!.ms) * n) / jobs).toFixed(2);
    console.log(`   queue overhead per job: 1 worker ${over('queue, 1 worker(s)', 'local --jobs 1', 1)} ms, 2 workers ${over('queue, 2 worker(s)', 'local --jobs 2', 2)} ms (target < 10 ms)`);
    const eff = (one: string, two: string): string => ((100 * rows[one]!.ms) / (2 * rows[two]!.ms)).toFixed(0);
    console.log(`   parallel efficiency of 2: queue ${eff('queue, 1 worker(s)', 'queue, 2 worker(s)')} %, local pool ${eff('local --jobs 1', 'local --jobs 2')} % (2 cores, shared)`);
  }
  const mean = durations.reduce((s, d) => s + d, 0) / durations.length;
  const sorted = [...durations].sort((a, b) => a - b);
  console.log(`2. simulated workers, sleep jobs drawn from ${durations.length} real job times (mean ${mean.toFixed(1)} ms, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms)`);
  const seed = 17;
  const durationsFile = join(work, 'durations.json');
  writeFileSync(durationsFile, JSON.stringify({ durations, seed }));
  for (const k of simSizes) {
    // A suite of dummy jobs on iris: 10 folds × R repeats, sized so the ideal run lasts simSeconds.
    const repeats = Math.max(1, Math.round((simSeconds * 1000 * k) / mean / 10));
    const suite = parseSuite(
      { name: `sim${k}`, datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', folds: 10, repeats }, seed: 0, metrics: ['accuracy'] },
      { source: 'perf/queue.ts', baseDir: repo, registry: models, catalog },
    );
    const ws = await startWorkers(k, [simWorker, redis.url, durationsFile]);
    const r = await timed({ suite, queue: { url: redis.url, sweepMs: 2000 } }, `sim${k}`);
    await stopWorkers(ws);
    const res = parseResults(readFileSync(join(r.dir, 'results.jsonl'), 'utf8')).results;
    const done = res.length;
    // The jobs' own window: from the first job's start (its end minus its sleep) to the last one's end.
    const windowMs = Math.max(...res.map((x) => Date.parse(x.finishedAt))) - Math.min(...res.map((x) => Date.parse(x.finishedAt) - (x.fitMs ?? 0)));
    // Ideal: the same jobs in the queue's order (the plan's), each taken by the first free worker
    // the moment it is free: list scheduling with no overhead at all.
    const plan = await planRun(suite, models);
    const free = new Array<number>(k).fill(0);
    for (const job of plan.jobs) {
      let w = 0;
      for (let i = 1; i < k; i++) if (free[i]! < free[w]!) w = i;
      free[w]! += durations[new Rng(deriveSeed(seed, job.jobId)).int(durations.length)]!;
    }
    const idealMs = Math.max(...free);
    const ids = plan.jobs;
    if (done !== ids.length) throw new Error(`sim${k}: ${done} results for ${ids.length} jobs`);
    console.log(
      `   ${String(k).padStart(2)} workers: ${ids.length} jobs, ideal ${(idealMs / 1000).toFixed(1)} s; first job start to last job end ${(windowMs / 1000).toFixed(1)} s → ` +
        `${((100 * idealMs) / windowMs).toFixed(1)} % of ideal (target ≥ 90 %); end to end (planning, storing the data, enqueueing included) ${(r.ms / 1000).toFixed(1)} s → ` +
        `${((100 * idealMs) / r.ms).toFixed(1)} %; ${((ids.length * 1000) / windowMs).toFixed(0)} jobs/s; coordinator CPU ${((r.cpuMs * 1000) / ids.length).toFixed(0)} ms per 1,000 jobs (planning included)`,
    );
  }
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
