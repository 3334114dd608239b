import { describe, expect, it } from 'vitest';
import type { Dataset } from '../src/index.js';
import {
  generateDataset,
  generators,
  makeBlobs,
  makeCircles,
  makeClassification,
  makeFriedman1,
  makeLine,
  makeMoons,
  makeRegression,
  parseGeneratorRef,
} from '../src/index.js';

/** Exact equality of two arrays (vitest's toEqual diffs huge arrays slowly when they differ). */
function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}
function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
function sd(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return Math.sqrt(s / (a.length - 1));
}
function counts(y: ArrayLike<number | string>): Map<number | string, number> {
  const c = new Map<number | string, number>();
  for (let i = 0; i < y.length; i++) c.set(y[i]!, (c.get(y[i]!) ?? 0) + 1);
  return c;
}
/** Least squares of y on the given columns (plus an intercept); returns the residuals. */
function residuals(ds: Dataset, cols: number[], y: ArrayLike<number>): Float64Array {
  const n = ds.X.rows;
  const k = cols.length + 1;
  const A = Array.from({ length: k }, () => new Float64Array(k + 1));
  const row = (i: number): number[] => [1, ...cols.map((j) => ds.X.get(i, j))];
  for (let i = 0; i < n; i++) {
    const r = row(i);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) A[a]![b]! += r[a]! * r[b]!;
      A[a]![k]! += r[a]! * y[i]!;
    }
  }
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let q = c; q <= k; q++) A[r]![q]! -= f * A[c]![q]!;
    }
  }
  const beta = A.map((r, c) => r[k]! / r[c]!);
  return Float64Array.from({ length: n }, (_, i) => y[i]! - row(i).reduce((s, v, a) => s + v * beta[a]!, 0));
}
/** Between-class over within-class variance of one column (a one-way ANOVA F without degrees of freedom). */
function separation(ds: Dataset, j: number): number {
  const col = ds.X.column(j);
  const groups = new Map<number, number[]>();
  (ds.y as number[]).forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), col[i]!]));
  const m = mean(col);
  let between = 0;
  let within = 0;
  for (const g of groups.values()) {
    const gm = mean(g);
    between += g.length * (gm - m) ** 2;
    for (const v of g) within += (v - gm) ** 2;
  }
  return between / within;
}

describe('makeLine', () => {
  it('recovers slope and intercept, and the residual spread is the noise', () => {
    const ds = makeLine({ n: 4000, slope: 3, intercept: -2, noise: 0.5, seed: 1 });
    expect(ds.task).toBe('regression');
    const x = ds.X.column(0);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x)).toBeLessThan(10);
    const res = residuals(ds, [0], ds.y as number[]);
    expect(sd(res)).toBeCloseTo(0.5, 1);
    const clean = makeLine({ n: 4000, slope: 3, intercept: -2, noise: 0, seed: 1 });
    expect(Math.max(...residuals(clean, [0], clean.y as number[]).map(Math.abs))).toBeLessThan(1e-9);
  });
});

describe('makeMoons / makeCircles', () => {
  it('moons: balanced classes on two half circles; the noise has the asked spread', () => {
    const clean = makeMoons({ nSamples: 2001, seed: 5 });
    const c = counts(clean.y as number[]);
    expect([c.get(0), c.get(1)]).toEqual([1000, 1001]);
    for (let i = 0; i < clean.X.rows; i++) {
      const [x, y] = [clean.X.get(i, 0), clean.X.get(i, 1)];
      if (clean.y[i] === 0) expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
      else expect(Math.hypot(x - 1, y - 0.5)).toBeCloseTo(1, 12);
    }
    const noisy = makeMoons({ nSamples: 2001, noise: 0.2, seed: 5 });
    expect(same(noisy.y as number[], clean.y as number[])).toBe(true);
    const diff = Float64Array.from(noisy.X.data, (v, k) => v - clean.X.data[k]!);
    expect(sd(diff)).toBeGreaterThan(0.19);
    expect(sd(diff)).toBeLessThan(0.21);
    expect(Math.abs(mean(diff))).toBeLessThan(0.01);
    expect(noisy.name).toBe('moons(nSamples=2001,noise=0.2,seed=5)');
  });

  it('circles: class 0 on the unit circle, class 1 at radius factor', () => {
    const ds = makeCircles({ nSamples: 300, factor: 0.3, seed: 2 });
    const c = counts(ds.y as number[]);
    expect([c.get(0), c.get(1)]).toEqual([150, 150]);
    for (let i = 0; i < ds.X.rows; i++) expect(Math.hypot(ds.X.get(i, 0), ds.X.get(i, 1))).toBeCloseTo(ds.y[i] === 0 ? 1 : 0.3, 12);
    expect(() => makeCircles({ factor: 1 })).toThrow(/^The 'factor' parameter of makeCircles must be a number in \[0, 1\)\. Got 1 instead\./);
  });
});

describe('makeBlobs', () => {
  it('splits samples evenly and each blob has sd clusterStd around its centre', () => {
    const ds = makeBlobs({ nSamples: 3001, centers: 3, nFeatures: 4, clusterStd: 0.7, seed: 9 });
    const c = counts(ds.y as number[]);
    expect([c.get(0), c.get(1), c.get(2)]).toEqual([1001, 1000, 1000]);
    for (const k of [0, 1, 2]) {
      const rows = (ds.y as number[]).flatMap((v, i) => (v === k ? [i] : []));
      for (let j = 0; j < 4; j++) {
        const col = rows.map((i) => ds.X.get(i, j));
        expect(sd(col)).toBeGreaterThan(0.65);
        expect(sd(col)).toBeLessThan(0.75);
        expect(Math.abs(mean(col))).toBeLessThanOrEqual(10.2);
      }
    }
  });
});

describe('makeClassification', () => {
  it('follows the class weights exactly when flipY is 0', () => {
    const ds = makeClassification({ nSamples: 1000, weights: [0.8, 0.2], flipY: 0, seed: 3 });
    const c = counts(ds.y as number[]);
    expect([c.get(0), c.get(1)]).toEqual([800, 200]);
    const three = makeClassification({ nSamples: 999, nClasses: 3, nInformative: 3, flipY: 0, seed: 3 });
    const c3 = counts(three.y as number[]);
    expect([c3.get(0), c3.get(1), c3.get(2)]).toEqual([333, 333, 333]);
  });

  it('flipY replaces that share of labels by a random class (so changes (K-1)/K of them)', () => {
    // Without the shuffle, which draws after the flips, only the labels differ.
    const a = makeClassification({ nSamples: 5000, flipY: 0, shuffle: false, seed: 11 });
    const b = makeClassification({ nSamples: 5000, flipY: 0.2, shuffle: false, seed: 11 });
    expect(same(b.X.data, a.X.data)).toBe(true);
    const changed = (a.y as number[]).filter((v, i) => v !== b.y[i]).length / 5000;
    expect(changed).toBeGreaterThan(0.085);
    expect(changed).toBeLessThan(0.115);
  });

  it('informative features carry the signal, redundant ones are their combinations, repeated ones copies, the rest noise', () => {
    const ds = makeClassification({
      nSamples: 2000, nFeatures: 10, nInformative: 3, nRedundant: 2, nRepeated: 1, nClustersPerClass: 1, flipY: 0, classSep: 2, shuffle: false, seed: 7,
    });
    const sep = Array.from({ length: 10 }, (_, j) => separation(ds, j));
    for (const j of [6, 7, 8, 9]) expect(sep[j]).toBeLessThan(0.01);
    expect(Math.max(sep[0]!, sep[1]!, sep[2]!)).toBeGreaterThan(0.5);
    for (const j of [3, 4]) expect(Math.max(...residuals(ds, [0, 1, 2], ds.X.column(j)).map(Math.abs))).toBeLessThan(1e-9);
    const rep = ds.X.column(5);
    expect([0, 1, 2, 3, 4].some((j) => ds.X.column(j).every((v, i) => v === rep[i]))).toBe(true);
  });

  it('rejects impossible shapes with the rule and the values', () => {
    expect(() => makeClassification({ nFeatures: 4, nInformative: 3, nRedundant: 2 })).toThrow(
      /^The parameters of makeClassification must have nInformative \+ nRedundant \+ nRepeated <= nFeatures\. Got 3 \+ 2 \+ 0 > 4 instead\./,
    );
    expect(() => makeClassification({ nInformative: 2, nClasses: 3, nClustersPerClass: 2 })).toThrow(/must have nClasses \* nClustersPerClass <= 2\^nInformative/);
    expect(() => makeClassification({ weights: [0.5, 0.3, 0.2] })).toThrow(/^The 'weights' parameter of makeClassification must have nClasses \(2\) or nClasses - 1 values/);
    // Shares above 1 in all used to overrun the rows ("offset is out of bounds") or leave labels undefined.
    for (const weights of [[1, 1], [0.7, 0.6]]) {
      expect(() => makeClassification({ weights, nClasses: weights.length + (weights[0] === 1 ? 0 : 1), nInformative: 3 })).toThrow(
        /^The 'weights' parameter of makeClassification must hold shares that sum to at most 1\. Got \[/,
      );
    }
  });
});

describe('makeRegression / makeFriedman1', () => {
  it('regression: y is linear in the informative features only, and the noise has the asked spread', () => {
    const clean = makeRegression({ nSamples: 500, nFeatures: 8, nInformative: 3, bias: 4, shuffle: false, seed: 1 });
    expect(Math.max(...residuals(clean, [0, 1, 2], clean.y as number[]).map(Math.abs))).toBeLessThan(1e-8);
    expect(sd(residuals(clean, [3, 4, 5, 6, 7], clean.y as number[]))).toBeGreaterThan(10);
    const noisy = makeRegression({ nSamples: 500, nFeatures: 8, nInformative: 3, bias: 4, noise: 5, shuffle: false, seed: 1 });
    const diff = (noisy.y as number[]).map((v, i) => v - (clean.y as number[])[i]!);
    expect(sd(diff)).toBeGreaterThan(4.5);
    expect(sd(diff)).toBeLessThan(5.5);
  });

  it('friedman1: y follows the formula on the first five features; the noise has the asked spread', () => {
    const clean = makeFriedman1({ nSamples: 1000, seed: 4 });
    for (let i = 0; i < 1000; i++) {
      const x = Array.from(clean.X.row(i));
      expect(clean.y[i]).toBeCloseTo(10 * Math.sin(Math.PI * x[0]! * x[1]!) + 20 * (x[2]! - 0.5) ** 2 + 10 * x[3]! + 5 * x[4]!, 12);
    }
    // sd of 4000 N(0, 1) draws: standard error 1/sqrt(8000) ≈ 0.011, so ±0.05 is > 4 standard errors.
    const clean4k = makeFriedman1({ nSamples: 4000, seed: 4 });
    const noisy = makeFriedman1({ nSamples: 4000, noise: 1, seed: 4 });
    const noiseSd = sd((noisy.y as number[]).map((v, i) => v - (clean4k.y as number[])[i]!));
    expect(noiseSd).toBeGreaterThan(0.95);
    expect(noiseSd).toBeLessThan(1.05);
    expect(() => makeFriedman1({ nFeatures: 4 })).toThrow(/^The 'nFeatures' parameter of makeFriedman1 must be an integer in \[5, Infinity\)\. Got 4 instead\./);
  });
});

describe('generateDataset / parseGeneratorRef', () => {
  it('parses suite references and makes the same data as the function', () => {
    const ref = parseGeneratorRef('moons:nSamples=500,noise=0.3');
    expect(ref).toEqual({ name: 'moons', params: { nSamples: 500, noise: 0.3 } });
    const ds = generateDataset(ref.name, ref.params);
    expect(ds.name).toBe('moons(nSamples=500,noise=0.3)');
    expect(same(ds.X.data, makeMoons({ nSamples: 500, noise: 0.3 }).X.data)).toBe(true);
    expect(parseGeneratorRef('classification:weights=0.9;0.1').params).toEqual({ weights: [0.9, 0.1] });
  });

  it('is seeded: the same seed gives the same data, another seed other data', () => {
    for (const g of generators) {
      const a = g.generate({ seed: 1 });
      expect(same(g.generate({ seed: 1 }).X.data, a.X.data)).toBe(true);
      expect(same(g.generate({ seed: 2 }).X.data, a.X.data)).toBe(false);
      expect(a.task).toBe(g.task);
    }
  });

  it('rejects unknown generators, parameters and values', () => {
    expect(() => generateDataset('spirals')).toThrow(/^Argument 'name' passed to 'generateDataset' must be one of the generators 'line', 'moons'/);
    expect(() => parseGeneratorRef('spirals:nSamples=5')).toThrow(/^Argument 'text' passed to 'parseGeneratorRef' must start with one of the generators 'line', 'moons'.* Got 'spirals' instead\./);
    expect(() => parseGeneratorRef('moons:nSample=5')).toThrow(/^Unknown parameter 'nSample' for makeMoons\. Did you mean 'nSamples'\? Valid parameters: nSamples, noise, shuffle, seed\./);
    expect(() => parseGeneratorRef('moons:noise=-1')).toThrow(/^The 'noise' parameter of makeMoons must be a number in \[0, Infinity\)\. Got '-1' instead\./);
    expect(() => parseGeneratorRef('moons:noise')).toThrow(
      /^Argument 'text' passed to 'parseGeneratorRef' must list parameters as key=value, separated by ','.* Got 'noise' in 'moons:noise' instead\./,
    );
  });
});
