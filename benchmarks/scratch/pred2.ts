import { Matrix } from '@mlcompare/core';
import { decisionKernel } from '../../packages/linear/src/internal/wasm-dots.js';
const n = 20000, d = 20;
let s = 1;
const rnd = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
const X = new Matrix(Float64Array.from({ length: n * d }, rnd), n, d);
const coef = Float64Array.from({ length: d }, rnd);
function t(name: string, f: () => unknown, reps = 400) {
  const ts: number[] = [];
  for (let r = 0; r < reps; r++) { const a = process.hrtime.bigint(); f(); ts.push(Number(process.hrtime.bigint() - a) / 1000); }
  ts.sort((a, b) => a - b);
  console.log(name.padEnd(34), 'min', ts[0]!.toFixed(1), 'p25', ts[reps >> 2]!.toFixed(1), 'med', ts[reps >> 1]!.toFixed(1), 'µs');
}
const Z = new Float64Array(n);
for (let rep = 0; rep < 2; rep++) for (const C of [64, 128, 256, 512, 1024]) {
  t(`chunks ${C}`, () => { const k = decisionKernel(n, d, coef, 1)!; for (let st = 0; st < n; st += C) { const rows = Math.min(C, n - st); const c = k.chunk(X.data, st, rows); Z.set(c.subarray(0, rows), st); } });
}
const k = decisionKernel(n, d, coef, 1)!;
t('product only (same chunk 512)', () => { for (let st = 0; st < n; st += 512) { k.chunk(X.data, 0, 512); } });
const big = new Float64Array(512 * d);
t('copy only 80KB x40', () => { for (let st = 0; st < n; st += 512) big.set(X.data.subarray(st * d, (st + 512) * d)); });
