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

/** Corrected resampled t-test (Nadeau & Bengio 2003) of paired fold scores. */
export function pairedTTest(a: number[], b: number[], nTrain: number, nTest: number): { t: number | null; pValue: number } {
  const r = correctedResampledTTest(a, b, nTrain, nTest);
  // ±Infinity when every difference is the same non-zero value: keep JSON valid.
  return { t: Number.isFinite(r.t) ? r.t : null, pValue: r.pValue };
}

/** What `friedman` reports; written into summary.json. */
export interface FriedmanSummary {
  chiSquare: number;
  df: number;
  pValue: number;
  /** Null when infinite (every dataset ranks the models identically). */
  imanDavenportF: number | null;
  df1: number;
  df2: number;
  imanDavenportP: number;
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

/** Holm's step-down adjustment of p-values, in the input order. */
export function holm(p: number[]): number[] {
  return holmCorrection(p);
}
