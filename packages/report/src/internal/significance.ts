/**
 * The statistical tests the report uses, from `@mlcompare/core`'s stats module, in the shapes the
 * summary needs. One place to adapt if core's return shapes change.
 */
import {
  correctedResampledTTest,
  friedmanTest,
  holmCorrection,
  nemenyiCriticalDifference,
  wilcoxonSignedRank,
} from '@mlcompare/core';
import type { FriedmanSummary } from '../types.js';

/** Corrected resampled t-test (Nadeau & Bengio 2003) of paired fold scores. */
export function pairedTTest(a: number[], b: number[], nTrain: number, nTest: number): { t: number | null; pValue: number } {
  const r = correctedResampledTTest(a, b, nTrain, nTest);
  // ±Infinity when every difference is the same non-zero value: keep JSON valid.
  return { t: Number.isFinite(r.t) ? r.t : null, pValue: r.pValue };
}

/** Friedman test with the Iman–Davenport correction; scores[dataset][model], higher is better. */
export function friedman(scores: number[][]): FriedmanSummary {
  const r = friedmanTest(scores);
  return {
    chiSquare: r.chi2,
    df: r.df,
    pValue: r.pValue,
    // Infinite when every dataset ranks the models identically; null keeps summary.json valid JSON.
    imanDavenportF: Number.isFinite(r.fStatistic) ? r.fStatistic : null,
    df1: r.fDf1,
    df2: r.fDf2,
    imanDavenportP: r.fPValue,
  };
}

/** Nemenyi critical difference of mean ranks, or null when core cannot give it (too many models). */
export function criticalDifference(nModels: number, nDatasets: number, alpha: number): number | null {
  try {
    return nemenyiCriticalDifference(nModels, nDatasets, alpha);
  } catch {
    return null;
  }
}

/** Wilcoxon signed-rank test of paired values; null when every difference is zero. */
export function wilcoxon(a: number[], b: number[]): { pValue: number } | null {
  if (a.every((v, i) => v === b[i])) return null;
  return { pValue: wilcoxonSignedRank(a, b).pValue };
}

/**
 * The smallest p-value the Wilcoxon signed-rank test can give for these pairs: the p-value of the
 * same absolute differences all on one side (the most extreme outcome; same zeros and ties, so
 * the same exact or approximate method). Null when every difference is zero.
 */
export function wilcoxonMinP(a: number[], b: number[]): number | null {
  const d = a.map((v, i) => Math.abs(v - b[i]!));
  if (d.every((v) => v === 0)) return null;
  return wilcoxonSignedRank(d, d.map(() => 0)).pValue;
}

/**
 * Datasets the exact two-sided Wilcoxon signed-rank test needs before its smallest p-value,
 * 2 / 2ⁿ (every difference on one side), can fall below α after Holm's correction over `tests`
 * tests (which multiplies the smallest p-value by `tests`): 6 at α = 0.05 for one test, 8 at
 * α = 0.01; 7 for 2 tests and 8 for 5 at α = 0.05.
 */
export function wilcoxonMinDatasets(alpha: number, tests = 1): number {
  let n = 1;
  while ((tests * 2) / 2 ** n >= alpha) n++;
  return n;
}

/** Holm's step-down adjustment of p-values, in the input order. */
export function holm(p: number[]): number[] {
  return holmCorrection(p);
}
