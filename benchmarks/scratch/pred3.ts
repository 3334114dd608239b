import { Matrix } from '@mlcompare/core';
import { decisionKernel } from '../../packages/linear/src/internal/wasm-dots.js';
const n = 20000, d = 20;
let s = 1;
const rnd = () => { s = (s * 16807) % 2147483647; return s / 2147483647 - 0.5; };
const X = new Matrix(Float64Array.from({ length: n * d }, rnd), n, d);
const coef = Float64Array.from({ length: d }, rnd);
const Z = new Float64Array(n);
const sizes = [96, 128, 192, 256, 384, 512, 768, 1024];
const best = new Map<number, number>();
for (let round = 0; round < 60; round++) for (const C of sizes) {
  const a = process.hrtime.bigint();
  const k = decisionKernel(n, d, coef, 1)!;
  for (let st = 0; st < n; st += C) { const rows = Math.min(C, n - st); const c = k.chunk(X.data, st, rows); Z.set(c.subarray(0, rows), st); }
  const t = Number(process.hrtime.bigint() - a) / 1000;
  best.set(C, Math.min(best.get(C) ?? Infinity, t));
}
console.log([...best].map(([c, t]) => `${c}: ${t.toFixed(0)} µs`).join(', '));
