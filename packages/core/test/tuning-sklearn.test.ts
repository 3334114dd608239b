/**
 * The tuning engine against scikit-learn 1.2.1 (fixture written by
 * benchmarks/reference/sklearn_tuning_ref.py): ParameterGrid's order, HalvingRandomSearchCV's
 * schedules over many settings, `_top_k`'s choice between rounds and GridSearchCV's best_index_.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError, bestCandidate, gridCandidates, halvingSchedule, halvingTopK, meanInnerScore, type HalvingOptions, type SearchSpace } from '../src/index.js';

interface HalvingCase {
  rows: number;
  classes: number;
  folds: number;
  factor: number;
  minResources: number | 'smallest' | 'exhaust';
  nCandidates: number | 'exhaust';
  aggressiveElimination: boolean;
  resource: 'samples' | 'other';
  maxResources: number;
  gridSize: number | null;
  expected:
    | { error: string }
    | {
        nCandidates: number[];
        resources: number[];
        minResources: number;
        maxResources: number;
        nRequiredIterations: number;
        nPossibleIterations: number;
        nRemainingCandidates: number;
      };
}
const ref = JSON.parse(readFileSync(new URL('./data/sklearn-tuning.json', import.meta.url), 'utf8')) as {
  grids: Array<{ grid: Record<string, unknown[]>; candidates: Array<Record<string, unknown>> }>;
  halving: HalvingCase[];
  topK: Array<{ scores: Array<number | null>; k: number; kept: number[] }>;
  best: Array<{ table: Array<Array<number | null>>; bestIndex: number; means: Array<number | null> }>;
};

describe('gridCandidates against ParameterGrid', () => {
  it.each(ref.grids.map((g) => [Object.keys(g.grid).join(','), g] as const))('grid %s', (_, g) => {
    const space: SearchSpace = {};
    for (const [k, v] of Object.entries(g.grid)) space[k] = { kind: 'values', values: v as never };
    const ours = gridCandidates(space);
    expect(ours).toEqual(g.candidates);
    // Key order too: scikit-learn builds each dict in sorted order.
    expect(ours.map((c) => Object.keys(c))).toEqual(g.candidates.map((c) => Object.keys(c)));
  });
});

describe('halvingSchedule against HalvingRandomSearchCV', () => {
  const cases = ref.halving.filter((c) => !('error' in c.expected));
  it(`matches scikit-learn on all ${cases.length} settings`, () => {
    expect(cases.length).toBeGreaterThan(300);
    const wrong: string[] = [];
    for (const c of cases) {
      const o: HalvingOptions = {
        factor: c.factor,
        minResources: c.minResources,
        nCandidates: c.nCandidates,
        maxResources: c.maxResources,
        aggressiveElimination: c.aggressiveElimination,
        resource: c.resource,
        nSplits: c.folds,
        nClasses: c.classes,
        spaceSize: c.gridSize ?? Infinity,
      };
      const s = halvingSchedule(o);
      const e = c.expected as Exclude<HalvingCase['expected'], { error: string }>;
      const got = {
        nCandidates: s.rounds.map((r) => r.nCandidates),
        resources: s.rounds.map((r) => r.resources),
        minResources: s.minResources,
        maxResources: s.maxResources,
        nRequiredIterations: s.nRequiredIterations,
        nPossibleIterations: s.nPossibleIterations,
        nRemainingCandidates: s.nRemainingCandidates,
      };
      if (JSON.stringify(got) !== JSON.stringify(e)) wrong.push(`${JSON.stringify(o)}: ours ${JSON.stringify(got)}, scikit-learn ${JSON.stringify(e)}`);
    }
    expect(wrong).toEqual([]);
  });
  it('refuses what scikit-learn refuses', () => {
    const refused = ref.halving.filter((c) => 'error' in c.expected);
    // Both 'exhaust' (31 settings of the sweep), and min_resources above max_resources.
    expect(refused.length).toBeGreaterThan(2);
    for (const c of refused) {
      const err = (c.expected as { error: string }).error;
      const expected = err.startsWith('n_candidates and min_resources cannot be both')
        ? /^Argument 'nCandidates' passed to 'halvingSchedule' must be a positive integer when minResources is 'exhaust' \(they cannot both be 'exhaust'\)\. Got 'exhaust' instead\.$/
        : /^Argument 'minResources' passed to 'halvingSchedule' must be no greater than maxResources \(150\)\. Got 200 instead\.$/;
      expect(() =>
        halvingSchedule({ factor: c.factor, minResources: c.minResources, nCandidates: c.nCandidates, maxResources: c.maxResources, nSplits: c.folds, nClasses: c.classes }),
      ).toThrow(expected);
    }
    expect(() => halvingSchedule({ maxResources: 100, factor: 1 })).toThrow(/^Argument 'factor' passed to 'halvingSchedule' must be a finite number > 1\. Got 1 instead\.$/);
    expect(() => halvingSchedule({ maxResources: 0 })).toThrow(/^Argument 'maxResources' passed to 'halvingSchedule' must be a positive integer\. Got 0 instead\.$/);
    expect(() => halvingSchedule({ maxResources: 100, minResources: 200 })).toThrow(/^Argument 'minResources' passed to 'halvingSchedule' must be no greater than maxResources \(100\)\. Got 200 instead\.$/);
  });
});

describe('halvingTopK against _top_k', () => {
  it.each(ref.topK.map((c) => [JSON.stringify(c.scores), c.k, c] as const))('%s, k = %i', (_, k, c) => {
    expect(halvingTopK(c.scores, k)).toEqual(c.kept);
  });
  it('checks k and the scores', () => {
    expect(() => halvingTopK([0.1, 0.2], 3)).toThrow(/^Argument 'k' passed to 'halvingTopK' must be an integer in \[0, 2\]\. Got 3 instead\.$/);
    expect(() => halvingTopK([0.1, NaN], 1)).toThrow(/item 1 is NaN/);
  });
});

describe('bestCandidate against GridSearchCV.best_index_', () => {
  it.each(ref.best.map((c, i) => [i, c] as const))('table %i', (_, c) => {
    const trials = c.table.map((scores) => ({ scores }));
    const best = bestCandidate(trials);
    expect(best.index).toBe(c.bestIndex);
    // The means bit for bit (numpy's summation order), null where a fold failed.
    expect(c.table.map((s) => meanInnerScore(s))).toEqual(c.means);
    expect(best.meanScore).toBe(c.means[c.bestIndex] ?? null);
  });
  it("sums as numpy does (pairwise from 8 values on), not left to right", () => {
    // numpy 1.24.2: np.average([[0.303, 0.588, 0.882, 0.846, 0.505, 0.589, 0.035, 0.243, 0.797, 0.414]], axis=1)
    // = 0.5201999999999999; a left-to-right sum gives 0.5202.
    expect(meanInnerScore([0.303, 0.588, 0.882, 0.846, 0.505, 0.589, 0.035, 0.243, 0.797, 0.414])).toBe(0.5201999999999999);
  });
  it('checks its input', () => {
    expect(() => bestCandidate([])).toThrow(/^Argument 'trials' passed to 'bestCandidate' must be a non-empty array/);
    expect(() => bestCandidate([{ scores: [] }])).toThrow(/^Argument 'scores' passed to 'meanInnerScore' must be a non-empty array/);
    expect(() => bestCandidate([{ scores: [Infinity] }])).toThrow(/item 0 is Infinity/);
  });
});
