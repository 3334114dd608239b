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
 *    throughput against the ideal (workers / mean duration; target ≥ 90 %) and the coordinator's CPU
 *    per 1,000 jobs.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/queue.ts [SUITE]
 *      [--timings RESULTS.jsonl] (skip part 1; take the durations from that file) [--sim 16,64]
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
import { DEFAULT_REGISTRY_MODULE, datasetCatalog, defaultSuitesDir, parseSuite, runSuite, type RunOptions, type Suite } from '@mlcompare/bench';
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

/** Starts `n` worker processes with `argv` and waits until each says it is ready. */
async function startWorkers(n: number, argv: string[]): Promise<ChildProcess[]> {
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
  let durations: number[];
  if (timingsFile) {
    durations = parseResults(readFileSync(timingsFile, 'utf8')).results.filter((r) => r.status === 'ok').map((r) => (r.fitMs ?? 0) + (r.predictMs ?? 0));
    console.log(`durations: ${durations.length} jobs of ${timingsFile}`);
  } else {
    const suite = loadSuite(suiteName);
    console.log(`1. suite '${suiteName}': ${suite.datasets.length} data sets × ${suite.models.length} models, local pool vs queue (${redis.url})`);
    const rows: Record<string, { ms: number; jobs: number }> = {};
    const l1 = await timed({ suite, jobs: 1 }, 'local1');
    rows['local --jobs 1'] = l1;
    durations = parseResults(readFileSync(join(l1.dir, 'results.jsonl'), 'utf8')).results.filter((r) => r.status === 'ok').map((r) => (r.fitMs ?? 0) + (r.predictMs ?? 0));
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
    const ids = parseResults(readFileSync(join(r.dir, 'results.jsonl'), 'utf8')).results.map((x) => x.jobId);
    const total = ids.reduce((s, id) => s + durations[new Rng(deriveSeed(seed, id)).int(durations.length)]!, 0);
    // Ideal: every worker busy all the time (the sum of durations over k), or the longest job.
    const idealMs = Math.max(total / k, sorted[sorted.length - 1]!);
    console.log(
      `   ${String(k).padStart(2)} workers: ${ids.length} jobs in ${(r.ms / 1000).toFixed(1)} s = ${((ids.length * 1000) / r.ms).toFixed(0)} jobs/s, ` +
        `ideal ${(idealMs / 1000).toFixed(1)} s → ${((100 * idealMs) / r.ms).toFixed(1)} % of ideal (target ≥ 90 %); ` +
        `coordinator CPU ${((r.cpuMs * 1000) / ids.length).toFixed(0)} ms per 1,000 jobs (planning and reports included)`,
    );
  }
} finally {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
