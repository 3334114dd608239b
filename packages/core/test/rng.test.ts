import { describe, expect, it } from 'vitest';
import { ParameterError, Rng, deriveSeed } from '../src/index.js';

describe('Rng', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 5 }, () => a.random());
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.random())).not.toEqual(sa);
  });
  it('draws uniform values with the right moments', () => {
    const r = new Rng(1);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.random();
      if (!(u >= 0 && u < 1)) outside++;
      s += u;
      s2 += u * u;
    }
    expect(outside).toBe(0);
    // Mean 1/2 and variance 1/12; tolerances are ~6 standard errors.
    expect(Math.abs(s / n - 0.5)).toBeLessThan(0.006);
    expect(Math.abs(s2 / n - (s / n) ** 2 - 1 / 12)).toBeLessThan(0.003);
  });
  it('draws normal deviates with mean 0 and sd 1', () => {
    const r = new Rng(2);
    const n = 100_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });
  it('int(n) is unbiased and permutations are permutations', () => {
    const r = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.int(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const p = Array.from(r.permutation(50)).sort((x, y) => x - y);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
  it('rejects a bad seed', () => {
    expect(() => new Rng(-1)).toThrow(ParameterError);
    expect(() => new Rng(1.5)).toThrow(/must be a non-negative safe integer\. Got 1\.5 instead/);
  });
  it('deriveSeed is stable and separates its parts', () => {
    expect(deriveSeed(0, 'iris', 0, 1)).toBe(deriveSeed(0, 'iris', 0, 1));
    expect(deriveSeed(0, 'iris', 0, 1)).not.toBe(deriveSeed(0, 'iris', 1, 0));
    expect(deriveSeed(0, 'ab', 'c')).not.toBe(deriveSeed(0, 'a', 'bc'));
    expect(Number.isSafeInteger(deriveSeed(123, 'x'))).toBe(true);
  });
});
