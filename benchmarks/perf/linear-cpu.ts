/**
 * One-thread CPU time of @mlcompare/linear against scikit-learn 1.2.1 on generated data: what
 * perf/linear.ts's wall-clock ratios cannot show on a loaded machine (other processes add wall
 * time to both sides unevenly; CPU time of one thread moves much less with the load).
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/linear-cpu.ts [--sizes 1000,10000,100000]
 *
 * Data as perf/linear.ts's scaling run (perf/scaling-data.ts: makeClassification for the
 * classifiers, makeRegression for the regressors, 20 features, 80/20 split, StandardScaler).
 * Ours: LogisticRegression with nJobs 1, Perceptron, LinearRegression, Ridge, timed by
 * `process.cpuUsage()`; scikit-learn in /usr/bin/python3 with OMP_NUM_THREADS=1 and
 * OPENBLAS_NUM_THREADS=1, timed by `time.process_time()`. Each cell is the smallest of 5 fits
 * (and of the predict call after each; ours after 3 untimed ones), both sides on the same matrices; the two sides run one
 * after the other, so the load average is printed before and after.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { LinearRegression, LogisticRegression, Perceptron, Ridge } from '@mlcompare/linear';
import { PYTHON, PY_READ_SCALING, scalingData, scalingSizes } from './scaling-data.js';

const REPS = 5;
const WARMUP = 3;
const PY = PY_READ_SCALING + String.raw`
import json, sys, time, warnings
warnings.simplefilter("ignore")
from sklearn.linear_model import LinearRegression, LogisticRegression, Perceptron, Ridge
c = read_scaling(json.loads(sys.argv[1])); r = read_scaling(json.loads(sys.argv[2])); reps = int(sys.argv[3])
M = {"LogisticRegression": (lambda: LogisticRegression(max_iter=1000), c), "Perceptron": (lambda: Perceptron(random_state=0), c),
     "LinearRegression": (lambda: LinearRegression(), r), "Ridge": (lambda: Ridge(), r)}
out = {}
for k, (mk, d) in M.items():
    fb = pb = 1e9
    for _ in range(reps):
        t0 = time.process_time(); m = mk().fit(d[0], d[1]); t1 = time.process_time(); m.predict(d[2]); t2 = time.process_time()
        fb = min(fb, t1 - t0); pb = min(pb, t2 - t1)
    out[k] = [fb * 1e3, pb * 1e3]
print(json.dumps(out))
`;

type Fittable = { fit(X: unknown, y: unknown): Promise<{ predict(X: unknown): Promise<unknown> }> };
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const load = (): string => loadavg().map((v) => v.toFixed(1)).join(' ');

console.log(`# @mlcompare/linear one-thread CPU time ÷ scikit-learn's (smallest of ${REPS} fits; node ${process.version})`);
console.log(`load average before: ${load()} (${cpus().length} CPUs)\n`);
console.log('| n (80% train) | model | fit ms ours / sklearn | fit ours ÷ sklearn | predict ms ours / sklearn | predict ours ÷ sklearn |');
console.log('|---|---|---|---|---|---|');
for (const n of scalingSizes()) {
  const c = scalingData(n);
  const r = scalingData(n, { task: 'regression' });
  const sk = JSON.parse(
    execFileSync(PYTHON, ['-c', PY, JSON.stringify(c.files), JSON.stringify(r.files), String(REPS)], {
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    }).toString(),
  ) as Record<string, [number, number]>;
  const ours: [string, () => Fittable, typeof c][] = [
    ['LogisticRegression', () => new LogisticRegression({ nJobs: 1 }), c],
    ['Perceptron', () => new Perceptron(), c],
    ['LinearRegression', () => new LinearRegression(), r],
    ['Ridge', () => new Ridge(), r],
  ];
  for (const [name, make, d] of ours) {
    // Untimed calls first, so that the timed ones run optimised code (as scikit-learn's compiled code).
    for (let i = 0; i < WARMUP; i++) await (await make().fit(d.Xtr, d.ytr)).predict(d.Xte);
    let fit = Infinity;
    let predict = Infinity;
    for (let i = 0; i < REPS; i++) {
      const t0 = cpuMs();
      const m = await make().fit(d.Xtr, d.ytr);
      const t1 = cpuMs();
      await m.predict(d.Xte);
      fit = Math.min(fit, t1 - t0);
      predict = Math.min(predict, cpuMs() - t1);
    }
    const [sf, sp] = sk[name]!;
    console.log(`| ${n.toLocaleString('en')} | ${name} | ${fit.toFixed(1)} / ${sf.toFixed(1)} | ${(fit / sf).toFixed(2)}× | ${predict.toFixed(2)} / ${sp.toFixed(2)} | ${(predict / sp).toFixed(2)}× |`);
  }
}
console.log(`\nload average after: ${load()}`);
