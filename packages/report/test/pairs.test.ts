/**
 * Wins, ties and losses come from one test per pair of models (the test is symmetric): they must
 * equal what testing every ordered pair gives.
 */
import { describe, expect, it } from 'vitest';
import { Rng, correctedResampledTTest, type JobResult } from '@mlcompare/core';
import { summarize } from '../src/index.js';
import { job } from './helpers.js';

describe('wins, ties and losses', () => {
  it('equal the corrected resampled t-test of every ordered pair, on folds both finished', () => {
    const rng = new Rng(7);
    const jobs: JobResult[] = [];
    const scores = new Map<string, Map<number, number>>();
    for (let m = 0; m < 12; m++) {
      const label = `m${m}`;
      const byFold = new Map<number, number>();
      for (let fold = 0; fold < 6; fold++) {
        if (m === 3 && fold === 2) continue; // a fold that did not finish: pairs with m3 use 5 folds
        const v = 0.7 + 0.02 * (m % 5) + 0.04 * (rng.random() - 0.5);
        byFold.set(fold, v);
        jobs.push(job('d', 'classification', label, fold, v));
      }
      scores.set(label, byFold);
    }
    const rows = summarize(jobs, null).datasets[0]!.models;
    let wins = 0;
    for (const r of rows) {
      const expected = { wins: 0, ties: 0, losses: 0 };
      for (const [other, theirs] of scores) {
        if (other === r.label) continue;
        const mine = scores.get(r.label)!;
        const folds = [...mine.keys()].filter((f) => theirs.has(f));
        const t = correctedResampledTTest(folds.map((f) => mine.get(f)!), folds.map((f) => theirs.get(f)!), 80, 20);
        if (t.pValue >= 0.05 || t.meanDifference === 0) expected.ties++;
        else if (t.meanDifference > 0) expected.wins++;
        else expected.losses++;
      }
      expect({ wins: r.wins, ties: r.ties, losses: r.losses }, r.label).toEqual(expected);
      wins += r.wins;
    }
    // Some pairs differ significantly, so the counts are not all ties.
    expect(wins).toBeGreaterThan(10);
  });
});
