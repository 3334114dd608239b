/**
 * Quality of core's TPE (issue 16): the median best value after 50 trials, ours against our random
 * search and against Optuna 3.1.0's TPESampler and RandomSampler (the figures
 * benchmarks/reference/optuna_ref.py wrote to packages/core/test/data/optuna-tpe.json, seeds 0..19),
 * on Branin, the 5-D sphere and an SVM on digits (1 − accuracy of an RBF SVC with C in [1e-2, 1e3]
 * and gamma in [1e-4, 1], both log-uniform, trained on the bundled digits' reference fold 0 with a
 * StandardScaler fitted on its training rows, scored on its test rows: our SVC against
 * scikit-learn's). Lower is better; the ratio column is our median over Optuna's. Also prints the
 * time our sampler itself takes per trial (ask + tell, objective excluded).
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/tpe.ts [--seeds 20] [--digits-seeds 5] [--no-digits]
 *
 * The SVM objective fits one SVC per trial: 50 trials × 2 samplers × `--digits-seeds` (default 5,
 * several minutes); Optuna's figures cover the seeds its script ran (`--digits-seeds`, printed).
 */
import { readFileSync } from 'node:fs';
import { accuracyScore, createSampler, foldMatrices, type SearchSpace, type TuneConfig } from '@mlcompare/core';
import { referenceData } from '@mlcompare/datasets';
import { SVC } from '@mlcompare/svm';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const SEEDS = Number(arg('seeds', '20'));
const DIGITS_SEEDS = Number(arg('digits-seeds', '5'));
const TRIALS = 50;

const optuna = JSON.parse(readFileSync(new URL('../../packages/core/test/data/optuna-tpe.json', import.meta.url), 'utf8')) as {
  source: string;
  objectives: Record<string, { tpe: Array<{ best: number }>; random: Array<{ best: number }> }>;
};

interface Objective {
  space: SearchSpace;
  f(c: TuneConfig): Promise<number> | number;
}

// The same functions and spaces as optuna_ref.py (and packages/core/test/tuning-objectives.ts).
const branin: Objective = {
  space: { x1: { kind: 'float', low: -5, high: 10, log: false }, x2: { kind: 'float', low: 0, high: 15, log: false } },
  f(c) {
    const x1 = c.x1 as number;
    const x2 = c.x2 as number;
    return (x2 - (5.1 / (4 * Math.PI ** 2)) * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
};
const sphere5: Objective = {
  space: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`x${i}`, { kind: 'float', low: -5, high: 5, log: false }])),
  f: (c) => Object.values(c).reduce<number>((s, v) => s + (v as number) ** 2, 0),
};

async function svmDigits(): Promise<Objective> {
  const { data, folds } = await referenceData('digits');
  const m = foldMatrices(data, folds[0]!, { needsScaling: true, handlesMissing: false, probabilities: false });
  return {
    space: { C: { kind: 'float', low: 1e-2, high: 1e3, log: true }, gamma: { kind: 'float', low: 1e-4, high: 1, log: true } },
    async f(c) {
      const svc = new SVC({ kernel: 'rbf', C: c.C as number, gamma: c.gamma as number });
      await svc.fit(m.Xtrain, m.yTrain);
      const acc = accuracyScore(m.yTest, await svc.predict(m.Xtest));
      svc.dispose();
      return 1 - acc;
    },
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Best value after TRIALS trials per seed, and the sampler's own milliseconds per trial. */
async function run(strategy: 'random' | 'tpe', o: Objective, seeds: number): Promise<{ best: number[]; msPerTrial: number }> {
  const best: number[] = [];
  let samplerMs = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const s = createSampler(strategy, o.space, seed);
    let b = Infinity;
    for (let t = 0; t < TRIALS; t++) {
      const t0 = performance.now();
      const c = s.ask();
      samplerMs += performance.now() - t0;
      const v = await o.f(c);
      const t1 = performance.now();
      s.tell(c, -v);
      samplerMs += performance.now() - t1;
      b = Math.min(b, v);
    }
    best.push(b);
  }
  return { best, msPerTrial: samplerMs / (seeds * TRIALS) };
}

const fmt = (x: number): string => (Math.abs(x) >= 0.01 ? x.toFixed(4) : x.toExponential(3));
const rows: string[][] = [['objective', 'seeds', 'Optuna seeds', 'ours TPE', 'ours random', 'Optuna TPE', 'Optuna random', 'TPE ours/Optuna', 'TPE/random ours', 'TPE/random Optuna', 'our TPE ms/trial']];
const objectives: Array<[string, Objective, number]> = [
  ['branin', branin, SEEDS],
  ['sphere5', sphere5, SEEDS],
];
if (!process.argv.includes('--no-digits')) objectives.push(['svm_digits', await svmDigits(), DIGITS_SEEDS]);
for (const [name, o, seeds] of objectives) {
  const tpe = await run('tpe', o, seeds);
  const rnd = await run('random', o, seeds);
  const ref = optuna.objectives[name];
  const oT = ref ? median(ref.tpe.map((r) => r.best)) : NaN;
  const oR = ref ? median(ref.random.map((r) => r.best)) : NaN;
  const mT = median(tpe.best);
  const mR = median(rnd.best);
  rows.push([name, String(seeds), String(ref?.tpe.length ?? 0), fmt(mT), fmt(mR), fmt(oT), fmt(oR), (mT / oT).toFixed(2), (mT / mR).toFixed(2), (oT / oR).toFixed(2), tpe.msPerTrial.toFixed(2)]);
  console.error(`${name} done`);
}
console.log(`Median best value after ${TRIALS} trials over seeds 0..n-1 (lower is better); Optuna: ${optuna.source}.`);
const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
for (const r of rows) console.log(r.map((c, j) => c.padStart(widths[j]!)).join('  '));
