/**
 * Speed of core's comparison statistics (issue 13) on baycomp's data file (5 classifiers × 54 data
 * sets, packages/core/test/data/baycomp-accuracies.txt — a test fixture of core, not a bundled data
 * set, so it is read from disk):
 *
 * 1. `bayesianSignedRankTest` (nbc against j48, rope 1, 50,000 samples), against the same posterior
 *    computed baycomp's way — every sample sums the full (n + 1)² matrix of weight products — in
 *    JavaScript with the same Dirichlet draws (so the outputs must be identical), and against
 *    baycomp's numpy loop run by /usr/bin/python3 (`MLCOMPARE_PYTHON` picks another; skipped if numpy
 *    is missing).
 * 2. `tukeyHsd` on the five classifiers' 54 means (10 pairs, 265 error df), and `autoRank` on them.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/stats.ts
 *
 * Times are medians of repeated calls (at least 3).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Rng, autoRank, bayesianSignedRankTest, tukeyHsd } from '@mlcompare/core';

const PYTHON = process.env.MLCOMPARE_PYTHON ?? '/usr/bin/python3';
const file = new URL('../../packages/core/test/data/baycomp-accuracies.txt', import.meta.url);

const acc = new Map<string, number[][]>();
let cur: number[][] = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const parts = line.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 1) acc.set(parts[0]!, (cur = []));
  else if (parts.length > 1) cur.push(parts.slice(1).map(Number));
}
const means = (name: string): number[] => acc.get(name)!.map((r) => r.reduce((s, v) => s + v, 0) / r.length);
const nbc = means('nbc');
const j48 = means('j48');

function median(fn: () => unknown, minRuns = 3, minMs = 300): number {
  const times: number[] = [];
  const start = performance.now();
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Gamma(shape) as core draws it (same stream of Rng calls), for the baycomp-style baseline. */
function gamma(rng: Rng, shape: number): number {
  if (shape === 1) return -Math.log(1 - rng.random());
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(1 - rng.random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** baycomp's SignedRankTest.sample, with rope: the full weight-product matrix per sample. */
function baycompWay(x: number[], y: number[], rope: number, seed: number, nSamples: number): [number, number, number] {
  const z = [0, ...y.map((v, i) => v - x[i]!)];
  const m = z.length;
  const rng = new Rng(seed);
  const w = new Float64Array(m);
  const wins = [0, 0, 0];
  for (let t = 0; t < nSamples; t++) {
    let total = 0;
    for (let i = 0; i < m; i++) total += (w[i] = gamma(rng, i === 0 ? 0.5 : 1));
    for (let i = 0; i < m; i++) w[i]! /= total;
    let left = 0;
    let right = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const s = z[i]! + z[j]!;
        const p = w[i]! * w[j]!;
        left += p * (-s > 2 * rope ? 1 : -s === 2 * rope ? 0.5 : 0);
        right += p * (s > 2 * rope ? 1 : s === 2 * rope ? 0.5 : 0);
      }
    }
    const mid = 1 - left - right;
    wins[left >= mid && left >= right ? 0 : mid >= right ? 1 : 2]!++;
  }
  return [wins[0]! / nSamples, wins[1]! / nSamples, wins[2]! / nSamples];
}

const N = 50000;
const ours = bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 1, nSamples: N });
const base = baycompWay(nbc, j48, 1, 1, N);
const same = ours.left === base[0] && ours.rope === base[1] && ours.right === base[2];
const tOurs = median(() => bayesianSignedRankTest(nbc, j48, { rope: 1, seed: 1, nSamples: N }));
const tBase = median(() => baycompWay(nbc, j48, 1, 1, N), 1, 0);

console.log(`bayesianSignedRankTest, ${nbc.length} data sets, ${N} samples, rope 1 (nbc vs j48):`);
console.log(`  ours (sorted sums, O(n) per sample)      ${tOurs.toFixed(0).padStart(6)} ms   (${ours.left.toFixed(4)}, ${ours.rope.toFixed(4)}, ${ours.right.toFixed(4)})`);
console.log(`  baycomp's way in JS (O(n²) per sample)   ${tBase.toFixed(0).padStart(6)} ms   identical probabilities: ${same}`);
console.log(`  ratio baycomp-way / ours                 ${(tBase / tOurs).toFixed(1)}×`);

const py = `
import time, numpy as np
x = np.array(${JSON.stringify(nbc)}); y = np.array(${JSON.stringify(j48)})
rope, prior, nsamples = 1.0, 0.5, ${N}
t0 = time.perf_counter()
diff = np.hstack(([0], y - x)); sums = diff[:, None] + diff[None, :]
h = lambda a, t: (a > t).astype(float) + 0.5 * (a == t).astype(float)
above, below = h(sums, 2 * rope), h(-sums, 2 * rope)
w = np.ones(len(diff)); w[0] = prior
samples = np.zeros((nsamples, 3))
for i, sw in enumerate(np.random.RandomState(1).dirichlet(w, nsamples)):
    pw = np.outer(sw, sw); samples[i, 0] = np.sum(pw * below); samples[i, 2] = np.sum(pw * above)
samples[:, 1] = 1 - samples[:, 0] - samples[:, 2]
p = np.bincount(np.argmax(samples, axis=1), minlength=3) / nsamples
print((time.perf_counter() - t0) * 1000, *p)
`;
const r = spawnSync(PYTHON, ['-c', py], { encoding: 'utf8' });
if (r.status === 0) {
  const [ms, ...p] = r.stdout.trim().split(/\s+/).map(Number);
  console.log(`  baycomp's numpy loop (${PYTHON})    ${ms!.toFixed(0).padStart(6)} ms   (${p.map((v) => v.toFixed(4)).join(', ')})`);
  console.log(`  ratio numpy / ours                       ${(ms! / tOurs).toFixed(1)}×`);
} else {
  console.log(`  baycomp's numpy loop: skipped (${PYTHON} without numpy: ${(r.stderr || String(r.error)).trim().split('\n').pop()})`);
}

const five = ['nbc', 'aode', 'hnb', 'j48', 'j48gr'].map(means);
const tTukey = median(() => tukeyHsd(five));
const rows = nbc.map((_, i) => five.map((c) => c[i]!));
const tAuto = median(() => autoRank(rows));
const path = autoRank(rows).path.map((s) => ('test' in s ? s.test : s.measure)).join(' → ');
console.log(`tukeyHsd, 5 groups × 54 (10 pairs, studentized range with 265 df): ${tTukey.toFixed(1)} ms`);
console.log(`autoRank, 54 data sets × 5 models: ${tAuto.toFixed(1)} ms (${path})`);
