/**
 * `src/data.ts`'s fingerprint and seed key of a data set, and its missing-value flag, called
 * directly: what `datasetHash` covers (every part of the loaded data it names), what `seedKey`
 * derives the folds from, and `shareDataset`'s `hasMissing`. Written against the mutants that
 * survived `pnpm mutation packages/bench/src/data.ts:66-110` (see MUTATION.md).
 */
import { describe, expect, it } from 'vitest';
import { Matrix } from '@mlcompare/core';
import { loadDataset, type Dataset } from '@mlcompare/datasets';
import { datasetHash, loadDatasetSpec, seedKey, shareDataset } from '../src/data.js';

/** A small data set: 3 rows × 2 features, classification. */
function small(over: Partial<Dataset> = {}): Dataset {
  return {
    name: 'small',
    task: 'classification',
    X: new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 3, 2),
    y: [0, 1, 0],
    featureNames: ['a', 'b'],
    targetName: 'label',
    classes: [0, 1],
    featureTypes: ['numeric', 'numeric'],
    categories: [null, null],
    source: 'test',
    notes: [],
    ...over,
  };
}

describe('datasetHash', () => {
  it('of loaded data: data-sha256: and 64 hex digits, the same for the same data under another name or source', () => {
    const h = datasetHash(small());
    expect(h).toMatch(/^data-sha256:[0-9a-f]{64}$/);
    expect(datasetHash(small({ name: 'other', source: 'elsewhere', notes: ['x'] }))).toBe(h);
  });

  it('changes with each part it covers: task, feature names and types, categories, target name, shape, y, the bytes of X', () => {
    const h = datasetHash(small());
    const variants: Record<string, Partial<Dataset>> = {
      task: { task: 'regression' },
      featureNames: { featureNames: ['a', 'c'] },
      featureTypes: { featureTypes: ['numeric', 'categorical'] },
      categories: { categories: [null, ['u', 'v']] },
      targetName: { targetName: 'class' },
      shape: { X: new Matrix(new Float64Array([1, 2, 3, 4, 5, 6]), 2, 3) },
      y: { y: [0, 1, 1] },
      X: { X: new Matrix(new Float64Array([1, 2, 3, 4, 5, 6.5]), 3, 2) },
    };
    const seen = new Set([h]);
    for (const [part, over] of Object.entries(variants)) {
      const v = datasetHash(small(over));
      expect(v, part).toMatch(/^data-sha256:[0-9a-f]{64}$/);
      expect(seen.has(v), part).toBe(false);
      seen.add(v);
    }
  });

  it("of a CSV file: csv-sha256: and the file's own hash, whatever was loaded from it", () => {
    expect(datasetHash(small({ contentHash: 'ab12' }))).toBe('csv-sha256:ab12');
    expect(datasetHash(small({ contentHash: 'ab12', y: [1, 1, 1] }))).toBe('csv-sha256:ab12');
  });
});

describe('seedKey', () => {
  it('is the name for bundled and generated data, the content hash for a CSV file', async () => {
    expect(seedKey(small())).toBe('small');
    expect(seedKey(small({ name: 'iris' }))).toBe('iris');
    expect(seedKey(small({ contentHash: 'ab12' }))).toBe('csv-sha256:ab12');
    expect(seedKey(small({ name: 'renamed', contentHash: 'ab12' }))).toBe('csv-sha256:ab12');
  });
});

describe('loadDatasetSpec', () => {
  it("names a data set as the suite does, whatever name the loader gave it", async () => {
    const ds = await loadDatasetSpec({ kind: 'generator', name: 'my-moons', generator: 'moons', params: { nSamples: 20, seed: 1 } });
    expect(ds.name).toBe('my-moons');
    expect(ds.X.rows).toBe(20);
    const iris = await loadDatasetSpec({ kind: 'bundled', name: 'iris' });
    expect(iris.name).toBe('iris');
    expect(datasetHash(iris)).toBe(datasetHash(await loadDataset('iris')));
  }, 60_000);
});

describe('shareDataset: hasMissing', () => {
  it('is true when any value of X is NaN (first, middle or last), else false', () => {
    expect(shareDataset(small(), []).hasMissing).toBe(false);
    for (const at of [0, 3, 5]) {
      const data = new Float64Array([1, 2, 3, 4, 5, 6]);
      data[at] = NaN;
      expect(shareDataset(small({ X: new Matrix(data, 3, 2) }), []).hasMissing, `NaN at ${at}`).toBe(true);
    }
  });
});
