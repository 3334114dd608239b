import { describe, expect, it } from 'vitest';
import { criticalDifference, friedman, holm, pairedTTest, wilcoxon, wilcoxonMinP } from '../src/internal/significance.js';

describe('the report’s adapters of core’s tests', () => {
  it('Holm: p-values multiplied by (m − rank + 1), kept monotone, returned in input order', () => {
    // Sorted 0.01, 0.03, 0.04 → 0.03, 0.06, max(0.06, 0.04) = 0.06 (Holm 1979).
    const adjusted = holm([0.01, 0.04, 0.03]);
    expect(adjusted[0]).toBeCloseTo(0.03, 15);
    expect(adjusted[1]).toBeCloseTo(0.06, 15);
    expect(adjusted[2]).toBeCloseTo(0.06, 15);
  });

  it('the smallest Wilcoxon p-value of these pairs: same zeros and ties, every sign the same', () => {
    // Differences 0, 1, 2, 3, 4, 5: the zero is dropped and forces the normal approximation.
    // scipy 1.10.1: wilcoxon([0, 1, 2, 3, 4, 5], zero_method='wilcox', correction=False, method='approx').pvalue
    expect(wilcoxonMinP([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1])).toBeCloseTo(0.043114446783075355, 12);
    // Exact, 3 non-zero differences, whichever side they are on: 2 / 2³.
    expect(wilcoxonMinP([0, 0, 0], [1, 2, 3])).toBe(0.25);
    expect(wilcoxonMinP([1, 2, 3], [0, 0, 0])).toBe(0.25);
    // Some differences zero: the test runs on the others.
    // scipy 1.10.1: wilcoxon([0, 2, 3], zero_method='wilcox', correction=False, method='approx').pvalue
    expect(wilcoxon([1, 2, 3], [1, 0, 0])!.pValue).toBeCloseTo(0.17971249487899976, 12);
    // Every difference zero: no test.
    expect(wilcoxonMinP([1, 2], [1, 2])).toBeNull();
    expect(wilcoxon([1, 2], [1, 2])).toBeNull();
    // The observed p-value is never below the smallest possible one.
    expect(wilcoxon([1, 3, 2], [2, 1, 0])!.pValue).toBeGreaterThanOrEqual(wilcoxonMinP([1, 3, 2], [2, 1, 0])!);
  });

  it('keeps summary.json valid JSON: an infinite t or F becomes null', () => {
    // Every difference 0.1: t = ±∞, p = 0.
    expect(pairedTTest([0.9, 0.8, 0.7], [0.8, 0.7, 0.6], 80, 20)).toEqual({ t: null, pValue: 0 });
    expect(pairedTTest([0.9, 0.8, 0.7], [0.8, 0.75, 0.55], 80, 20).t).toEqual(expect.any(Number));
    // Every dataset ranks the models identically: F = ∞.
    expect(friedman([[3, 2, 1], [3, 2, 1], [3, 2, 1]]).imanDavenportF).toBeNull();
    expect(friedman([[3, 2, 1], [2, 3, 1], [3, 1, 2]]).imanDavenportF).toEqual(expect.any(Number));
  });

  it('has no Nemenyi critical difference beyond what core can give (more than 1000 models)', () => {
    // q_0.05(k = 4) = 2.569 (Demšar 2006, Table 5a).
    expect(criticalDifference(4, 2, 0.05)).toBeCloseTo(2.569 * Math.sqrt(20 / 12), 3);
    expect(criticalDifference(1001, 5, 0.05)).toBeNull();
  });
});
