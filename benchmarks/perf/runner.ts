/**
 * Speed of the runner itself (issues 6 and 15).
 *
 * 1. Parallel efficiency (issue 15; target ≤ 1.10): the wall time of `mlcompare bench SUITE --jobs 2`
 *    against the same jobs split over two independent `mlcompare bench --jobs 1` processes started
 *    together — the best two processes can do on this machine, since they share nothing (no
 *    coordinator, no pool). How the jobs are split: a first, calibration run (`--jobs 1`, in this
 *    process) measures every job's fit + predict time; the script then tries every way of dividing
 *    the suite's model entries in two (and, when every data set is bundled or generated, every way
 *    of dividing its data sets) and keeps the division whose larger half is smallest, so the two
 *    halves are balanced by measured time. Each half is a suite file of its own (the suite with only
 *    those models, or those data sets), run as `mlcompare bench HALF.json --jobs 1`. Every side is a
 *    fresh `mlcompare` process started the same way (tsx from source, as `pnpm mlcompare`), so start-up,
 *    planning and the reports count on both sides. Rounds alternate the order (A B, B A, …); the
 *    median of the rounds is compared, with the load average of each round printed beside it — on a
 *    shared machine, trust a ratio only when the load stayed near or under 2. The ratio printed is
 *    the median of the rounds' ratios (each round times both sides back to back), with the ratio of
 *    the two sides' fastest rounds beside it.
 *    Where `--jobs 2` loses is printed from a second in-process run with two workers: when the first
 *    job was sent (planning, data, pool start), the workers' idle time between jobs, the tail (the
 *    end of the run with one worker idle and nothing left to hand out), and the main thread's busy
 *    time (handing out jobs, writing lines, progress). And, from the calibrated job times alone (so
 *    free of the load), the two-worker run simulated with the jobs in plan order (largest data
 *    first, the order before issue 15) and longest first (the runner's order now) against the ideal
 *    (half the total).
 * 2. The runner's overhead per job (issue 6; target < 5 ms): from the calibration run, wall time from
 *    sending a job to recording its result, minus the job's fit and predict times. It covers the
 *    worker round trip, finding the model and the fold's rows, predictProba, the metrics and the
 *    fsync'd append. Since core's `evaluateFold` runs every job, fitting the fold's preprocessing is
 *    part of the recorded fit time (and transforming the test rows part of predict), as in
 *    scikit-learn's cross_validate with a Pipeline.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/runner.ts [SUITE] [--rounds N]
 * (SUITE defaults to 'default'; 'quick' gives a faster, noisier figure; --rounds defaults to 3.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REGISTRY_MODULE, datasetCatalog, defaultSuitesDir, parseSuite, runSuite, type RunOutcome, type Suite } from '@mlcompare/bench';
import { models } from '@mlcompare/bench/registry';
import type { JobResult } from '@mlcompare/core';

const args = process.argv.slice(2);
const suiteName = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? 'default';
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, but got '${args[roundsArg + 1]}'.`);

const source = join(defaultSuitesDir(), `${suiteName}.json`);
const raw = JSON.parse(readFileSync(source, 'utf8')) as Record<string, unknown>;
const suite = parseSuite(raw, {
  source,
  baseDir: fileURLToPath(new URL('.', `file://${source}`)),
  registry: models,
  catalog: await datasetCatalog(),
});
if (suite.models.some((m) => m.tune)) throw new Error(`perf/runner.ts times untuned suites only; '${suiteName}' tunes a model.`);
const cli = fileURLToPath(new URL('../../packages/bench/src/cli.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mlcompare-perf-runner-'));

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const sec = (ms: number): string => (ms / 1000).toFixed(1);

// ---- calibration: one --jobs 1 run in this process (job costs, and the runner's overhead per job)
console.log(`suite '${suiteName}': ${suite.datasets.length} data sets × ${suite.models.length} models; calibration run (--jobs 1, in this process), load ${load()}`);
let calibration: { ms: number; outcome: RunOutcome; results: JobResult[] };
{
  const outDir = join(work, 'calibration');
  const t0 = performance.now();
  const outcome = await runSuite({ suite, registry: models, registryModule: DEFAULT_REGISTRY_MODULE, outDir, jobs: 1, commandLine: 'perf/runner.ts' });
  const ms = performance.now() - t0;
  const results = readFileSync(join(outDir, 'results.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JobResult);
  calibration = { ms, outcome, results };
}
console.log(`calibration: ${calibration.outcome.ran} jobs in ${sec(calibration.ms)} s (${calibration.outcome.failed} failed)`);

const cost = (r: JobResult): number => (r.fitMs ?? 0) + (r.predictMs ?? 0) + 5; // + a few ms of runner overhead per job

// ---- where --jobs 2 loses: an in-process run with two workers, timed job by job
{
  const outDir = join(work, 'diagnosis');
  const t0 = performance.now();
  const outcome = await runSuite({ suite, registry: models, registryModule: DEFAULT_REGISTRY_MODULE, outDir, jobs: 2, commandLine: 'perf/runner.ts' });
  const ms = performance.now() - t0;
  const ts = outcome.timings;
  const first = Math.min(...ts.map((c) => c.startMs));
  const end = Math.max(...ts.map((c) => c.endMs));
  // Workers busy over time: +1 when a job is sent, −1 when its line is on disk.
  const events = ts.flatMap((c) => [[c.startMs, 1], [c.endMs, -1]] as Array<[number, number]>).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let busy = 0;
  let last = first;
  let idle = 0;
  let tailFrom = end;
  for (const [t, d] of events) {
    idle += Math.max(0, 2 - busy) * (t - last);
    last = t;
    busy += d;
    if (busy < 2 && tailFrom === end) tailFrom = t;
    if (busy >= 2) tailFrom = end;
  }
  const tail = end - tailFrom;
  const byStart = [...ts].sort((a, b) => a.startMs - b.startMs);
  const startUp = Math.max(...byStart.slice(0, 2).map((c) => c.wallMs - c.totalMs - c.writeMs));
  const computing = ts.reduce((t, c) => t + c.totalMs, 0);
  console.log(
    `diagnosis (--jobs 2 in this process, ${ts.length} jobs, ${sec(ms)} s, load ${load()}): first job sent at ${sec(first)} s (plan, data); ` +
      `the first jobs waited ${sec(startUp)} s for their workers to start; the workers ran jobs ${sec(computing)} s of ${sec(2 * (end - first))} s worker-time; ` +
      `idle between jobs ${sec(idle - tail)} s; tail with one worker idle ${sec(tail)} s; main thread busy ${sec(outcome.coordinatorActiveMs)} s (CPU ${sec(outcome.coordinatorCpuMs)} s, the rest waiting on fsync)`,
  );
  // A worker warms up each model class it runs (an untimed fit); the runner offers a worker the classes it has run first.
  const warm = (cs: typeof ts): string => {
    const w = cs.filter((c) => c.warmupMs > 0);
    return `${w.length} warm-up fits, ${sec(w.reduce((t, c) => t + c.warmupMs, 0))} s`;
  };
  const threads = new Set(ts.map((c) => c.thread));
  console.log(
    `warm-ups: --jobs 2 ${warm(ts)} (${[...threads].map((t) => ts.filter((c) => c.thread === t && c.warmupMs > 0).length).join(' + ')} by worker); --jobs 1 (calibration) ${warm(calibration.outcome.timings)}`,
  );
}
{
  // Two workers fed from a list, each taking the next job when it is free; job time = calibrated fit + predict (+ 5 ms).
  const jobs = calibration.results.filter((r) => !r.inner);
  const makespan = (order: JobResult[]): number => {
    const free = [0, 0];
    for (const r of order) {
      const w = free[0]! <= free[1]! ? 0 : 1;
      free[w]! += cost(r);
    }
    return Math.max(...free);
  };
  const total = jobs.reduce((t, r) => t + cost(r), 0);
  // The calibration ran in plan order; longest first: one job of each model entry × data set in plan order, then the rest by that job's time.
  const groups = new Map<string, JobResult[]>();
  for (const r of jobs) groups.set(`${r.dataset}\u0000${r.label}`, [...(groups.get(`${r.dataset}\u0000${r.label}`) ?? []), r]);
  const probes = [...groups.values()].map((g) => g[0]!);
  const rest = [...groups.values()].sort((a, b) => cost(b[0]!) - cost(a[0]!)).flatMap((g) => g.slice(1));
  console.log(
    `simulated from the calibrated job times (2 workers, no overhead): plan order ${sec(makespan(jobs))} s, longest first ${sec(makespan([...probes, ...rest]))} s, ideal ${sec(total / 2)} s`,
  );
}

// ---- the split: every division of the model entries (and of the data sets) in two; the most balanced wins
type Half = { models: number[]; datasets: number[] };
function bestSplit(): { a: Half; b: Half; by: string; costs: [number, number] } {
  const byModel = suite.models.map((m) => calibration.results.filter((r) => r.label === m.label).reduce((t, r) => t + cost(r), 0));
  const byData = suite.datasets.map((d) => calibration.results.filter((r) => r.dataset === d.name).reduce((t, r) => t + cost(r), 0));
  const total = byModel.reduce((t, c) => t + c, 0);
  const all = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
  let best = { a: { models: all(suite.models.length), datasets: all(suite.datasets.length) }, b: { models: [], datasets: [] } as Half, by: 'nothing', costs: [total, 0] as [number, number] };
  const tryAll = (weights: number[], kind: 'models' | 'datasets'): void => {
    const n = weights.length;
    if (n < 2 || n > 20) return;
    // Subsets holding item 0 only: each division counted once.
    for (let mask = 1; mask < 2 ** n - 1; mask += 2) {
      const inA = all(n).filter((i) => (mask >> i) & 1);
      const inB = all(n).filter((i) => !((mask >> i) & 1));
      const ca = inA.reduce((t, i) => t + weights[i]!, 0);
      const cb = total - ca;
      if (Math.max(ca, cb) < Math.max(...best.costs)) {
        const other = all(kind === 'models' ? suite.datasets.length : suite.models.length);
        best =
          kind === 'models'
            ? { a: { models: inA, datasets: other }, b: { models: inB, datasets: other }, by: 'model entries', costs: [ca, cb] }
            : { a: { models: other, datasets: inA }, b: { models: other, datasets: inB }, by: 'data sets', costs: [ca, cb] };
      }
    }
  };
  tryAll(byModel, 'models');
  if (suite.datasets.every((d) => d.kind !== 'csv')) tryAll(byData, 'datasets');
  return best;
}
const split = bestSplit();

/** The suite with only some of its model entries and data sets, as a suite file. */
function halfSuite(s: Suite, half: Half, tag: string): string {
  const datasets = half.datasets.map((i) => {
    const d = s.datasets[i]!;
    return d.kind === 'bundled' ? d.name : d.kind === 'generator' ? { generator: d.generator, params: d.params, name: d.name } : d;
  });
  const file = join(work, `${s.name}-${tag}.json`);
  const json = {
    name: `${s.name}-${tag}`,
    description: `perf/runner.ts: part ${tag} of '${s.name}'`,
    datasets,
    models: half.models.map((i) => ({ model: s.models[i]!.model, params: s.models[i]!.params })),
    resampling: s.resampling,
    ...(s.metrics.length > 0 && { metrics: s.metrics }),
    seed: s.seed,
    limits: s.limits,
    ...(s.scaleTarget !== undefined && { scaleTarget: s.scaleTarget }),
  };
  writeFileSync(file, JSON.stringify(json, null, 2));
  return file;
}
const fileA = halfSuite(suite, split.a, 'a');
const fileB = halfSuite(suite, split.b, 'b');
const names = (h: Half): string =>
  split.by === 'data sets' ? h.datasets.map((i) => suite.datasets[i]!.name).join(',') : h.models.map((i) => suite.models[i]!.label).join(',');
console.log(
  `split by ${split.by} (calibrated fit + predict: ${sec(split.costs[0])} s / ${sec(split.costs[1])} s):\n  process 1: ${names(split.a)}\n  process 2: ${names(split.b)}`,
);

let runs = 0;
/** Runs `mlcompare bench ARGS` in a fresh process, as `pnpm mlcompare` does (tsx, from source). */
function bench(suiteArg: string, jobs: number): Promise<void> {
  const outDir = join(work, `run-${++runs}`);
  const log = join(work, `run-${runs}.log`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, cli, 'bench', suiteArg, '--jobs', String(jobs), '--out', outDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      writeFileSync(log, err);
      rmSync(outDir, { recursive: true, force: true });
      if (code === 0) resolve();
      else reject(new Error(`mlcompare bench ${suiteArg} --jobs ${jobs} exited with ${code}; its output is in ${log}:\n${err.slice(-2000)}`));
    });
  });
}
async function wall(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

const together: number[] = [];
const pair: number[] = [];
const ratios: number[] = [];
for (let r = 0; r < rounds; r++) {
  const before = load();
  const sides = [
    async (): Promise<void> => void together.push(await wall(() => bench(source, 2))),
    async (): Promise<void> => void pair.push(await wall(() => Promise.all([bench(fileA, 1), bench(fileB, 1)]))),
  ];
  if (r % 2 === 1) sides.reverse();
  for (const side of sides) await side();
  ratios.push(together[r]! / pair[r]!);
  console.log(
    `round ${r + 1} (load ${before} → ${load()}): --jobs 2 ${sec(together[r]!)} s, two --jobs 1 processes ${sec(pair[r]!)} s → ${(together[r]! / pair[r]!).toFixed(3)}`,
  );
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};
console.log(
  `parallel efficiency: --jobs 2 ÷ two --jobs 1 processes together = ${median(ratios).toFixed(3)} (median of ${rounds} rounds' ratios; target ≤ 1.10); ` +
    `fastest rounds ${sec(Math.min(...together))} s ÷ ${sec(Math.min(...pair))} s = ${(Math.min(...together) / Math.min(...pair)).toFixed(3)}; ` +
    `calibration --jobs 1 in process ${sec(calibration.ms)} s; load now ${load()}`,
);

// ---- the runner's overhead per job, from the calibration run
const costs = calibration.outcome.timings;
const med = (f: (c: RunOutcome['timings'][number]) => number): string => quantile(costs.map(f), 0.5).toFixed(2);
const mean = (f: (c: RunOutcome['timings'][number]) => number): string => (costs.reduce((t, c) => t + f(c), 0) / costs.length).toFixed(2);
// The runner's own share: the round trip to the worker, fold preparation, metrics, the fsync'd
// append and progress; not fit, predict, the warm-up fit or the extra model calls (predictProba,
// decision-boundary grid), which are the model's time.
const own = (c: RunOutcome['timings'][number]): number => c.wallMs - c.fitMs - c.predictMs - c.warmupMs - c.extraModelMs;
console.log(`runner overhead per job (--jobs 1, ${costs.length} jobs): median ${med(own)} ms, p90 ${quantile(costs.map(own), 0.9).toFixed(2)} ms, mean ${mean(own)} ms (target < 5 ms)`);
console.log(
  `  of which (median / mean ms): worker round trip ${med((c) => c.wallMs - c.totalMs - c.writeMs)} / ${mean((c) => c.wallMs - c.totalMs - c.writeMs)}, ` +
    `model, data and fold rows ${med((c) => c.prepareMs)} / ${mean((c) => c.prepareMs)}, metrics ${med((c) => c.metricsMs)} / ${mean((c) => c.metricsMs)}, ` +
    `fsync'd append ${med((c) => c.writeMs)} / ${mean((c) => c.writeMs)}`,
);
console.log(
  `  not counted (model time): warm-up fits ${mean((c) => c.warmupMs)} ms mean per job, predictProba + boundary grid ${med((c) => c.extraModelMs)} / ${mean((c) => c.extraModelMs)} ms; ` +
    `everything but fit and predict: median ${med((c) => c.wallMs - c.fitMs - c.predictMs)} ms`,
);
rmSync(work, { recursive: true, force: true });
