/**
 * Speed of the runner itself (issue 6):
 * 1. wall time of a suite with --jobs 1 and with --jobs 2, side by side (target: ≥ 1.7× faster);
 * 2. the runner's overhead per job: wall time from sending a job to recording its result, minus
 *    the job's fit and predict times (target: < 5 ms). It covers the worker round trip, finding
 *    the model and the fold's rows, predictProba, the metrics and the fsync'd append. Since core's
 *    `evaluateFold` runs every job, fitting the fold's preprocessing is part of the recorded fit
 *    time (and transforming the test rows part of predict), as in scikit-learn's cross_validate
 *    with a Pipeline.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/runner.ts [SUITE] [--rounds N]
 * (SUITE defaults to 'default'; 'quick' gives a faster, noisier figure.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_REGISTRY_MODULE, datasetCatalog, defaultSuitesDir, parseSuite, runSuite, type RunOutcome } from '@mlcompare/bench';
import { models } from '@mlcompare/bench/registry';

const args = process.argv.slice(2);
const suiteName = args.find((a) => !a.startsWith('--')) ?? 'default';
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 1;

const source = join(defaultSuitesDir(), `${suiteName}.json`);
const suite = parseSuite(JSON.parse(readFileSync(source, 'utf8')), {
  source,
  baseDir: fileURLToPath(new URL('.', `file://${source}`)),
  registry: models,
  catalog: await datasetCatalog(),
});

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

async function timed(jobs: number): Promise<{ ms: number; outcome: RunOutcome }> {
  const dir = mkdtempSync(join(tmpdir(), 'mlcompare-perf-'));
  try {
    const t0 = performance.now();
    const outcome = await runSuite({ suite, registry: models, registryModule: DEFAULT_REGISTRY_MODULE, outDir: join(dir, 'out'), jobs, commandLine: 'perf/runner.ts' });
    return { ms: performance.now() - t0, outcome };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`suite '${suiteName}': ${suite.datasets.length} data sets × ${suite.models.length} models; ${rounds} round(s), --jobs 1 and --jobs 2 alternating`);
const one: number[] = [];
const two: number[] = [];
let costs: RunOutcome['timings'] = [];
let failed = 0;
for (let r = 0; r < rounds; r++) {
  const a = await timed(1);
  const b = await timed(2);
  one.push(a.ms);
  two.push(b.ms);
  costs = costs.concat(a.outcome.timings);
  failed = a.outcome.failed + b.outcome.failed;
  console.log(`round ${r + 1}: --jobs 1 ${(a.ms / 1000).toFixed(1)} s, --jobs 2 ${(b.ms / 1000).toFixed(1)} s (${a.outcome.ran} jobs, ${failed} failed)`);
}
const m1 = quantile(one, 0.5);
const m2 = quantile(two, 0.5);
console.log(`wall time: --jobs 1 ${(m1 / 1000).toFixed(1)} s, --jobs 2 ${(m2 / 1000).toFixed(1)} s → speed-up ${(m1 / m2).toFixed(2)}× (target ≥ 1.70×)`);
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
