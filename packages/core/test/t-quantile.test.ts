import { describe, expect, it } from 'vitest';
import { correctedResampledTTest, studentTQuantile } from '../src/index.js';

/** scipy 1.10.1, `stats.t.ppf(p, df)` (printed with repr). */
const SCIPY: Array<[p: number, df: number, t: number]> = [
  [0.975, 1, 12.706204736432095],
  [0.975, 2, 4.302652729911275],
  [0.975, 4, 2.7764451051977987],
  [0.975, 9, 2.2621571627409915],
  [0.975, 29, 2.045229642132703],
  [0.995, 4, 4.604094871415897],
  [0.9, 3, 1.637744357215907],
  [0.025, 4, -2.7764451051977996],
  [0.999999, 2, 707.1057205157683],
  [1e-10, 3, -2225.769284683086],
  [0.975, 1000, 1.9623390808264074],
  [0.975, 0.5, 164.55767352096103],
  [0.975, 2.5, 3.5746548420118773],
];

describe('studentTQuantile (scipy 1.10.1 t.ppf)', () => {
  // scipy's t.ppf itself is off by up to ~2e-9 relative: its t.sf(t.ppf(0.9, 3), 3) is 0.0999999996,
  // while t.sf(1.6377443536962102, 3), the value found here, is 0.0999999999999999. Hence 1e-8.
  it('matches t.ppf to 1e-8 relative, from ν = 0.5 to 1000 and p from 1e-10 to 1 − 1e-6', () => {
    for (const [p, df, t] of SCIPY) {
      const got = studentTQuantile(p, df);
      expect(Math.abs(got - t), `ppf(${p}, ${df}): got ${got}, expected ${t}`).toBeLessThanOrEqual(1e-8 * Math.abs(t));
    }
  });
  it('inverts the t distribution to rounding: t.sf(studentTQuantile(0.9, 3), 3) is scipy 1.10.1\'s 0.09999999999999987', () => {
    // scipy: stats.t.sf(1.6377443536962102, 3) = 0.09999999999999987; 1.6377443536962102 is the quantile found here.
    expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.6377443536962102, 14);
  });
  it('is 0 at p = ½, ∓Infinity at 0 and 1, and odd: t(1 − p) = −t(p)', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0, 3)).toBe(-Infinity);
    expect(studentTQuantile(1, 3)).toBe(Infinity);
    expect(studentTQuantile(0.3, 6)).toBeCloseTo(-studentTQuantile(0.7, 6), 14);
  });
  it('gives the interval where the corrected resampled t-test stops rejecting: p = α at mean ± t·SE', () => {
    const a = [0.9, 0.85, 0.88, 0.91, 0.86];
    const b = [0.8, 0.84, 0.83, 0.85, 0.87];
    const r = correctedResampledTTest(a, b, 120, 30);
    const half = studentTQuantile(0.975, r.df) * r.standardError;
    // Shifting b by the interval's half-width past the mean difference puts the test exactly at p = 0.05.
    const shifted = correctedResampledTTest(a, b.map((v) => v + r.meanDifference - half), 120, 30);
    expect(shifted.pValue).toBeCloseTo(0.05, 10);
  });
  it('refuses a p outside [0, 1] and a df that is not a positive finite number, naming them', () => {
    expect(() => studentTQuantile(1.5, 3)).toThrow(/Argument 'p' passed to 'studentTQuantile' must be a probability in \[0, 1\], but got 1.5/);
    expect(() => studentTQuantile(Number.NaN, 3)).toThrow(/Argument 'p' passed to 'studentTQuantile'/);
    expect(() => studentTQuantile(0.9, 0)).toThrow(/Argument 'df' passed to 'studentTQuantile' must be a positive finite number of degrees of freedom, but got 0/);
    expect(() => studentTQuantile(0.9, Infinity)).toThrow(/Argument 'df' passed to 'studentTQuantile'/);
  });
});
