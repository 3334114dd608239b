/**
 * Least squares from 8,192 multiply-adds up (n · d(d + 1) / 2) builds its Gram matrix by chunks of 1,024 rows on the
 * pairwise-dot kernel (src/internal/linalg.ts, centredGram): the solutions must be those of the
 * normal equations, checked here without the library's own code.
 */
import { Matrix } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { LinearRegression, Ridge } from '../src/index.js';
import { columnMeans, meansAndMaxAbs } from '../src/internal/linalg.js';

const n = 5_300; // five full chunks and a partial one
const d = 7;
const X = Matrix.zeros(n, d);
const XAll = X;
for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) X.data[i * d + j] = Math.sin((0.731 + 0.113 * j) * i + 1.91 * j * j) * (1 + j) + 0.2 * j;
const w = [1.5, -2, 0.25, 3, -0.75, 0.5, 1];

describe('least squares on the chunked Gram matrix', () => {
  it('LinearRegression recovers noiseless coefficients and intercept', async () => {
    const y = Array.from({ length: n }, (_, i) => 4 + w.reduce((s, wj, j) => s + wj * X.data[i * d + j]!, 0));
    const m = await new LinearRegression().fit(X, y);
    m.coef.forEach((c, j) => expect(c).toBeCloseTo(w[j]!, 9));
    expect(m.intercept).toBeCloseTo(4, 9);
  });

  // 5,300 rows: five full chunks and a partial one; 300 and 200 rows (7 features): 8,400 and 5,600
  // multiply-adds, one partial chunk on the kernel and the row-by-row updates below 8,192.
  it.each([n, 300, 200])('Ridge satisfies its normal equations Xcᵀ(Xc w − yc) + alpha w = 0 (%i rows)', async (n) => {
    const X = new Matrix(XAll.data.slice(0, n * d), n, d);
    const y = Array.from({ length: n }, (_, i) => Math.cos(0.37 * i) + w.reduce((s, wj, j) => s + wj * X.data[i * d + j]!, 0));
    const alpha = 50;
    const m = await new Ridge({ alpha }).fit(X, y);
    const mu = Array.from({ length: d }, (_, j) => X.data.filter((_, k) => k % d === j).reduce((a, b) => a + b, 0) / n);
    const ybar = y.reduce((a, b) => a + b, 0) / n;
    const grad = m.coef.map((c) => alpha * c);
    let scale = 0;
    for (let i = 0; i < n; i++) {
      let r = -(y[i]! - ybar);
      for (let j = 0; j < d; j++) r += (X.data[i * d + j]! - mu[j]!) * m.coef[j]!;
      for (let j = 0; j < d; j++) {
        grad[j]! += (X.data[i * d + j]! - mu[j]!) * r;
        scale = Math.max(scale, Math.abs((X.data[i * d + j]! - mu[j]!) * (y[i]! - ybar)));
      }
    }
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-9 * scale * n);
  });
});

describe('the column-means pass of least squares (meansAndMaxAbs)', () => {
  it('gives columnMeans bit for bit, the largest magnitude, and copies X when asked, whatever n mod 4', () => {
    for (const rows of [1, 2, 3, 4, 5, 6, 7, 4097, 4098, 4099]) {
      const A = Matrix.zeros(rows, d);
      for (let k = 0; k < A.data.length; k++) A.data[k] = Math.sin(1.37 * k + 0.2) * 10 ** ((k % 5) - 2);
      A.data[A.data.length - 1] = -1e6 - rows; // the largest magnitude in the last (partial) block
      const copy = new Float64Array(A.data.length + 3).fill(Number.NaN);
      for (const copyTo of [undefined, copy]) {
        const { mu, maxAbs } = meansAndMaxAbs(A, copyTo);
        expect(Array.from(mu), `${rows} rows`).toEqual(Array.from(columnMeans(A)));
        expect(maxAbs, `${rows} rows`).toBe(1e6 + rows);
      }
      expect(Array.from(copy.subarray(0, A.data.length)), `${rows} rows`).toEqual(Array.from(A.data));
      expect(copy[A.data.length]).toBeNaN(); // nothing written past X
    }
  });
});
