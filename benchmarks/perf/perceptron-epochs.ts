/**
 * Perceptron fit against scikit-learn 1.2.1's over many seeds: the number of epochs depends on the
 * shuffle stream (ours is core's sfc32, scikit-learn's numpy's MT19937), so one seed's ratio says
 * as much about the two streams as about the code. For each seed, both sides fit the same matrix
 * (perf/scaling-data.ts: makeClassification, 20 features, 80/20 split, StandardScaler) and report
 * their epoch count and fit time, timed in alternation (ours, scikit-learn, ours, …; the fastest
 * of REPS calls each, after WARMUP untimed fits); then the ratio of the summed fit times over every seed, the ratio per
 * epoch, and `shuffle: false` (no stream: the two must take the same number of epochs).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/perceptron-epochs.ts [--sizes 10000] [--seeds 20]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { Perceptron } from '@mlcompare/linear';
import { PYTHON, PY_READ_SCALING, scalingData, scalingDataNote } from './scaling-data.js';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
};
const SIZES = arg('--sizes', '10000').split(',').map(Number);
const SEEDS = Number(arg('--seeds', '20'));
const REPS = 5;
/** Untimed fits before the first seed, so that V8 has optimised the training loop. */
const WARMUP = 10;

const PY =
  PY_READ_SCALING +
  String.raw`
import json, sys, time, warnings
warnings.simplefilter("ignore")
from sklearn.linear_model import Perceptron
data = {}
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    req = json.loads(line)
    if "files" in req:
        data[req["n"]] = read_scaling(req["files"]); print("{}", flush=True); continue
    Xtr, ytr, _, _ = data[req["n"]]
    best, m = 1e9, None
    for _ in range(req["reps"]):
        t0 = time.perf_counter(); m = Perceptron(random_state=req["seed"], shuffle=req["shuffle"]).fit(Xtr, ytr); best = min(best, time.perf_counter() - t0)
    print(json.dumps({"ms": best * 1e3, "epochs": int(m.n_iter_)}), flush=True)
`;

const py = spawn(PYTHON, ['-c', PY], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: py.stdout });
const waiting: ((l: string) => void)[] = [];
lines.on('line', (l) => waiting.shift()?.(l));
const ask = (req: object): Promise<Record<string, number>> =>
  new Promise((resolve) => {
    waiting.push((l) => resolve(JSON.parse(l) as Record<string, number>));
    py.stdin.write(`${JSON.stringify(req)}\n`);
  });
const ready = await new Promise<string>((resolve) => waiting.push(resolve));
if (!ready.includes('ready')) throw new Error(`scikit-learn worker did not start: ${ready}`);

const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');
console.log(`# Perceptron fit over seeds, ours vs scikit-learn 1.2.1\n\n${scalingDataNote()}\nload average before: ${load()} (1, 5, 15 min)\n`);
for (const n of SIZES) {
  const d = scalingData(n);
  await ask({ n, files: d.files });
  const ours = async (seed: number, shuffle: boolean): Promise<{ ms: number; epochs: number }> => {
    let ms = Infinity;
    let epochs = 0;
    await new Perceptron({ seed, shuffle }).fit(d.Xtr, d.ytr); // untimed warm-up
    for (let r = 0; r < REPS; r++) {
      const m = new Perceptron({ seed, shuffle });
      const t0 = performance.now();
      await m.fit(d.Xtr, d.ytr);
      ms = Math.min(ms, performance.now() - t0);
      epochs = m.history!.epochs;
    }
    return { ms, epochs };
  };
  const theirs = (seed: number, shuffle: boolean) => ask({ n, seed, shuffle, reps: REPS });
  for (let w = 0; w < WARMUP; w++) await new Perceptron({ seed: 1000 + w }).fit(d.Xtr, d.ytr);
  await theirs(1000, true);
  console.log(`## ${n} rows (${d.Xtr.rows} training rows × ${d.Xtr.cols})\n`);
  console.log('| seed | our epochs | our fit ms | sklearn epochs | sklearn fit ms | fit ratio |');
  console.log('|---|---|---|---|---|---|');
  let oMs = 0;
  let tMs = 0;
  let oEp = 0;
  let tEp = 0;
  let seedZero = '';
  for (let seed = 0; seed < SEEDS; seed++) {
    const o = await ours(seed, true);
    const t = await theirs(seed, true);
    oMs += o.ms;
    tMs += t.ms!;
    oEp += o.epochs;
    tEp += t.epochs!;
    const ratio = `${(o.ms / t.ms!).toFixed(2)}×`;
    if (seed === 0) seedZero = ratio;
    console.log(`| ${seed} | ${o.epochs} | ${o.ms.toFixed(2)} | ${t.epochs} | ${t.ms!.toFixed(2)} | ${ratio} |`);
  }
  const o = await ours(0, false);
  const t = await theirs(0, false);
  console.log(`\nseeds 0–${SEEDS - 1}: mean epochs ours ${(oEp / SEEDS).toFixed(2)}, scikit-learn ${(tEp / SEEDS).toFixed(2)}`);
  console.log(`fit ratio over all seeds (summed times): ${(oMs / tMs).toFixed(2)}× (seed 0 alone, perf/linear.ts's: ${seedZero})`);
  console.log(`per epoch: ours ${(oMs / oEp).toFixed(3)} ms, scikit-learn ${(tMs / tEp).toFixed(3)} ms (${(oMs / oEp / (tMs / tEp)).toFixed(2)}×; fixed costs included)`);
  console.log(`shuffle: false: ours ${o.epochs} epochs ${o.ms.toFixed(2)} ms, scikit-learn ${t.epochs} epochs ${t.ms!.toFixed(2)} ms (${(o.ms / t.ms!).toFixed(2)}×)`);
  console.log(`load average after ${n} rows: ${load()}\n`);
}
py.stdin.end();
