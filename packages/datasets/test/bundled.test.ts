import { describe, expect, it } from 'vitest';
import { datasetsDir, listDatasets, loadDataset, loadFolds } from '../src/index.js';

describe('bundled datasets', () => {
  it('lists the five data sets with their sources', async () => {
    const list = await listDatasets();
    expect(list.map((d) => d.name)).toEqual(['iris', 'wine', 'breast_cancer', 'digits', 'diabetes']);
    for (const d of list) expect(d.citation.length).toBeGreaterThan(20);
  });

  it('loads iris with string labels and sorted classes', async () => {
    const iris = await loadDataset('iris');
    expect(iris.X.rows).toBe(150);
    expect(iris.X.cols).toBe(4);
    expect(iris.featureNames[0]).toBe('sepal length (cm)');
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(iris.y[0]).toBe('setosa');
    // First row of iris.csv: 5.1,3.5,1.4,0.2,setosa
    expect(Array.from(iris.X.row(0))).toEqual([5.1, 3.5, 1.4, 0.2]);
  });

  it('loads digits with numeric labels and diabetes as regression', async () => {
    const digits = await loadDataset('digits');
    expect(digits.classes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(typeof digits.y[0]).toBe('number');
    const diabetes = await loadDataset('diabetes');
    expect(diabetes.task).toBe('regression');
    expect(diabetes.y[0]).toBe(151);
    expect(diabetes.classes).toBeUndefined();
  });

  it('loads the reference folds, which partition the rows', async () => {
    const folds = await loadFolds('wine');
    expect(folds).toHaveLength(5);
    const seen = new Int32Array(178);
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(178);
      for (const i of f.test) seen[i]!++;
    }
    expect(Array.from(seen).every((c) => c === 1)).toBe(true);
  });

  it('reads from MLCOMPARE_DATASETS_DIR when it is set', async () => {
    const before = process.env['MLCOMPARE_DATASETS_DIR'];
    process.env['MLCOMPARE_DATASETS_DIR'] = '/nonexistent/mlcompare-data';
    try {
      expect(datasetsDir()).toBe('/nonexistent/mlcompare-data');
      await expect(loadDataset('iris')).rejects.toThrow(
        /^'loadDataset' could not find the bundled data manifest at \/nonexistent\/mlcompare-data\/manifest\.json\. Set MLCOMPARE_DATASETS_DIR/,
      );
    } finally {
      if (before === undefined) delete process.env['MLCOMPARE_DATASETS_DIR'];
      else process.env['MLCOMPARE_DATASETS_DIR'] = before;
    }
    expect((await loadDataset('iris')).X.rows).toBe(150);
  });

  it('matches the manifest: classes and class counts of every classification set', async () => {
    for (const info of await listDatasets()) {
      const ds = await loadDataset(info.name);
      expect([ds.X.rows, ds.X.cols, ds.task]).toEqual([info.rows, info.features, info.task]);
      // Not guarded by `if (info.classCounts)`: a manifest entry that lost them must fail here.
      if (info.task === 'classification') {
        expect(ds.classes).toEqual(info.classes);
        expect(ds.summary!.classBalance!.map((c) => c.count)).toEqual(info.classCounts);
      } else {
        expect([info.classes, info.classCounts, ds.classes]).toEqual([undefined, undefined, undefined]);
      }
    }
  });

  it('rejects an unknown name, listing the bundled ones', async () => {
    await expect(loadDataset('irs')).rejects.toThrow(/^Argument 'name' passed to 'loadDataset' must be one of the bundled datasets \(iris, wine/);
  });
});
