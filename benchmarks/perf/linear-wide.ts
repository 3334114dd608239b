/**
 * Least squares on wide data (issue 11): more features than rows. LinearRegression and Ridge
 * solve the n × n kernel form there instead of the d × d normal equations (2 rows × 20,000
 * features took 6.4 GB and 38 s before). Each shape is timed wide (n × d: the kernel form) and
 * tall (d × n: the same number of values, solved by the n × n normal equations), and the ratio
 * wide / tall printed:
 * near 1 means the wide fit costs what the data's size says, not d². The largest shape has
 * 1,000,000 features (10^12 Gram entries, a raw RangeError before). Data: X standard normal
 * (core's Rng, seed 0), y[i] = i. Each cell is the fastest of 3 fits after one untimed fit.
 *
 *   pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/linear-wide.ts
 */
import { Matrix, Rng } from '@mlcompare/core';
import { LinearRegression, Ridge } from '@mlcompare/linear';

function data(n: number, d: number): { X: Matrix; y: number[] } {
  const rng = new Rng(0);
  const X = new Matrix(Float64Array.from({ length: n * d }, () => rng.normal()), n, d);
  return { X, y: Array.from({ length: n }, (_, i) => i) };
}

async function fastest(make: () => LinearRegression | Ridge, X: Matrix, y: number[]): Promise<number> {
  await make().fit(X, y);
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    await make().fit(X, y);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

console.log('model              n × d            wide ms   tall (d × n) ms   wide / tall   rss MB');
for (const [n, d] of [[2, 20_000], [20, 20_000], [50, 2_000], [2, 1_000_000]] as const) {
  for (const [name, make] of [['LinearRegression', () => new LinearRegression()], ['Ridge(alpha=1)', () => new Ridge({ alpha: 1 })]] as const) {
    const wide = data(n, d);
    const w = await fastest(make, wide.X, wide.y);
    const tall = data(d, n);
    const t = await fastest(make, tall.X, tall.y);
    const rss = process.memoryUsage().rss / 1e6;
    console.log(
      `${name.padEnd(18)} ${`${n} × ${d}`.padEnd(16)} ${w.toFixed(1).padStart(8)} ${t.toFixed(1).padStart(17)} ${(w / t).toFixed(2).padStart(13)} ${rss.toFixed(0).padStart(8)}`,
    );
  }
}
