// The report's adapters over core's statistical tests (src/internal/significance.ts): each must
// pass core's result through (Holm's adjustment included) and turn what JSON cannot hold into
// null. Values by hand from the formulas named in each test.
import { describe, expect, it } from 'vitest';
import { criticalDifference, friedman, holm, pairedTTest, wilcoxon } from '../src/internal/significance.js';

describe('significance adapters', () => {
  it("holm applies Holm's step-down adjustment (sorted 0.01, 0.03, 0.04 → 0.03, 0.06, 0.06)", () => {
    const adj = holm([0.01, 0.04, 0.03]);
    [0.03, 0.06, 0.06].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 15));
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });
  it('pairedTTest gives t = null (not ±Infinity) for a constant non-zero difference, and the p-value', () => {
    expect(pairedTTest([0.9, 0.8], [0.8, 0.7], 10, 5)).toEqual({ t: null, pValue: 0 });
    const r = pairedTTest([0.9, 0.85, 0.88], [0.8, 0.84, 0.83], 120, 30);
    // core's correctedResampledTTest on the same folds (scipy 1.10.1: t 1.5485885391866483, p 0.2615821536095264).
    expect(r.t).toBeCloseTo(1.5485885391866483, 12);
    expect(r.pValue).toBeCloseTo(0.2615821536095264, 10);
  });
  it('friedman renames the fields and gives F = null when every data set ranks alike', () => {
    const same = friedman([[3, 2, 1], [0.9, 0.5, 0.1]]);
    expect(same).toMatchObject({ chiSquare: 4, df: 2, imanDavenportF: null, df1: 2, df2: 2, imanDavenportP: 0 });
    expect(same.pValue).toBeCloseTo(Math.exp(-2), 15); // χ²(2) survival at 4 = e^(−2)
    const mixed = friedman([[3, 2, 1], [1, 3, 2], [2, 1, 3]]); // a Latin square: mean ranks all 2
    expect(mixed.imanDavenportF).toBe(0);
    expect(mixed.chiSquare).toBe(0);
  });
  it('criticalDifference is null where core cannot give it; wilcoxon is null when all pairs are equal', () => {
    expect(criticalDifference(1001, 5, 0.05)).toBeNull();
    expect(criticalDifference(2, 1, 0.05)).toBeCloseTo(1.959963984540054, 9); // q = z(0.975) for 2 models, √(2·3/6) = 1
    expect(wilcoxon([1, 2], [1, 2])).toBeNull();
    expect(wilcoxon([0.9, 0.8, 0.75, 0.6, 0.95], [0.84, 0.82, 0.7, 0.5, 0.92])).toEqual({ pValue: 0.125 });
  });
});
