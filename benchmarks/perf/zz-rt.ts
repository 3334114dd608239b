import { Matrix } from '@mlcompare/core';
import { Ridge } from '@mlcompare/linear';
const n = +(process.argv[2] ?? 80000), d = +(process.argv[3] ?? 20);
const X = new Matrix(Float64Array.from({ length: n * d }, () => Math.random() - 0.5), n, d);
const y = Float64Array.from({ length: n }, (_, i) => X.data[i * d]! * 2 + Math.random());
const a = await new Ridge({ nJobs: 1 }).fit(X, y), b = await new Ridge({ nJobs: 2 }).fit(X, y);
console.log('same', JSON.stringify(a.coef) === JSON.stringify(b.coef) && a.intercept === b.intercept);
const t1: number[] = [], t2: number[] = [];
for (let i = 0; i < 30; i++) {
  let t0 = performance.now(); await new Ridge({ nJobs: 1 }).fit(X, y); t1.push(performance.now() - t0);
  t0 = performance.now(); await new Ridge({ nJobs: 2 }).fit(X, y); t2.push(performance.now() - t0);
}
const s = (t: number[]) => { t.sort((p, q) => p - q); return `min ${t[0]!.toFixed(2)} med ${t[t.length >> 1]!.toFixed(2)}`; };
console.log(`n ${n} d ${d} nJobs1 ${s(t1)} | nJobs2 ${s(t2)}`);
process.exit(0);
