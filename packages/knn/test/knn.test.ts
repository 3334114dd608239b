import { InputError, ParameterError, Rng, matrixToJSON } from '@mlcompare/core';
import { describe, expect, it } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

function randomData(n: number, d: number, seed: number, classes = 3): { X: number[][]; y: number[] } {
  const rng = new Rng(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    X.push(Array.from({ length: d }, () => rng.normal()));
    y.push(rng.int(classes));
  }
  return { X, y };
}

describe('KNN engines agree', () => {
  // Continuous random data: no two distances are equal, so both engines must find the same neighbours.
  for (const [d, metric, weights] of [
    [2, 'euclidean', 'uniform'],
    [5, 'manhattan', 'distance'],
    [9, 'euclidean', 'distance'],
  ] as const) {
    it(`kd-tree and brute give identical predictions (d=${d}, ${metric}, ${weights})`, async () => {
      const train = randomData(300, d, d);
      const test = randomData(101, d, 100 + d);
      const params = { nNeighbors: 7, metric, weights } as const;
      const tree = await new KNNClassifier({ ...params, algorithm: 'kd-tree' }).fit(train.X, train.y);
      const brute = await new KNNClassifier({ ...params, algorithm: 'brute' }).fit(train.X, train.y);
      expect(await tree.predict(test.X), 'kd-tree vs brute').toEqual(await brute.predict(test.X));
      // Probabilities: equal up to rounding (the SIMD kernel sums squared differences pairwise).
      const pt = (await tree.predictProba(test.X)).flat();
      const pb = (await brute.predictProba(test.X)).flat();
      pt.forEach((v, i) => expect(v).toBeCloseTo(pb[i]!, 12));
      const yr = train.y.map((c, i) => c + train.X[i]![0]!);
      const rt = await new KNNRegressor({ ...params, algorithm: 'kd-tree' }).fit(train.X, yr);
      const rb = await new KNNRegressor({ ...params, algorithm: 'brute' }).fit(train.X, yr);
      const vt = await rt.predict(test.X);
      const vb = await rb.predict(test.X);
      vt.forEach((v, i) => expect(v, 'kd-tree vs brute').toBeCloseTo(vb[i]!, 12));
    });
  }
});

describe('KNNClassifier', () => {
  it("'auto' takes the tree only where it was measured faster (d <= 3, n >= 20,000, k < n/2)", async () => {
    const { resolveEngine } = await import('../src/internal/search.js');
    expect(resolveEngine('auto', 20_000, 3, 5)).toBe('kd-tree');
    expect(resolveEngine('auto', 19_999, 3, 5)).toBe('brute');
    expect(resolveEngine('auto', 20_000, 4, 5)).toBe('brute');
    expect(resolveEngine('auto', 20_000, 2, 10_000)).toBe('brute');
    expect(resolveEngine('kd-tree', 10, 64, 5)).toBe('kd-tree');
    const small = randomData(40, 2, 1);
    expect((await new KNNClassifier().fit(small.X, small.y)).effectiveAlgorithm).toBe('brute');
    expect((await new KNNClassifier({ algorithm: 'kd-tree' }).fit(small.X, small.y)).effectiveAlgorithm).toBe('kd-tree');
  });

  it('breaks distance ties by training-row index and vote ties by the first class', async () => {
    // The query 0 is at distance 1 from rows 0..3. With k = 2 the nearest are rows 0 and 1
    // (lowest indices), one 'b' and one 'a': a tied vote, which goes to 'a' (sorted first).
    const X = [[1], [-1], [1], [-1]];
    for (const algorithm of ['brute', 'kd-tree'] as const) {
      const m = await new KNNClassifier({ nNeighbors: 2, algorithm }).fit(X, ['b', 'a', 'b', 'b']);
      expect(await m.predict([[0]])).toEqual(['a']);
      expect(await m.predictProba([[0]])).toEqual([[0.5, 0.5]]);
    }
    const brute = await new KNNClassifier({ nNeighbors: 3, algorithm: 'brute' }).fit(X, ['b', 'a', 'a', 'b']);
    // Rows 0, 1, 2 are the three nearest (row 3 loses the tie): votes b, a, a.
    expect(await brute.predictProba([[0]])).toEqual([[2 / 3, 1 / 3]]);
  });

  it('weights by 1/distance, and a training point at distance 0 takes all the weight (as scikit-learn)', async () => {
    const X = [[0], [1], [3]];
    const m = await new KNNClassifier({ nNeighbors: 3, weights: 'distance', algorithm: 'brute' }).fit(X, [0, 1, 1]);
    // Query 0.5: weights 1/0.5 = 2 (class 0), 1/0.5 = 2 and 1/2.5 = 0.4 (class 1).
    const [p] = await m.predictProba([[0.5]]);
    expect(p![0]).toBeCloseTo(2 / 4.4, 15);
    expect(p![1]).toBeCloseTo(2.4 / 4.4, 15);
    expect(await m.predictProba([[1]])).toEqual([[0, 1]]);
    const r = await new KNNRegressor({ nNeighbors: 3, weights: 'distance' }).fit(X, [10, 20, 40]);
    expect(await r.predict([[3]])).toEqual([40]);
    expect((await r.predict([[0.5]]))[0]).toBeCloseTo((2 * 10 + 2 * 20 + 0.4 * 40) / 4.4, 12);
  });

  it('uses manhattan distance when asked', async () => {
    // From (0,0): A=(2,2) is euclidean 2.83 / manhattan 4; B=(0,3.5) is 3.5 / 3.5.
    const X = [[2, 2], [0, 3.5]];
    const e = await new KNNClassifier({ nNeighbors: 1, algorithm: 'brute' }).fit(X, ['A', 'B']);
    const mh = await new KNNClassifier({ nNeighbors: 1, metric: 'manhattan', algorithm: 'brute' }).fit(X, ['A', 'B']);
    expect(await e.predict([[0, 0]])).toEqual(['A']);
    expect(await mh.predict([[0, 0]])).toEqual(['B']);
  });

  it('rejects nNeighbors larger than the training set, naming the rule', async () => {
    const err = await new KNNClassifier({ nNeighbors: 5 }).fit([[0], [1], [2]], [0, 1, 1]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^Argument 'X' passed to 'KNNClassifier\.fit' must have at least nNeighbors = 5 rows, but got 3\./);
  });

  it('rejects invalid parameters with the template message', () => {
    expect(() => new KNNClassifier({ nNeighbors: 0 })).toThrow(ParameterError);
    expect(() => new KNNClassifier({ nNeighbors: 0 })).toThrow(/^The 'nNeighbors' parameter of KNNClassifier must be an integer in \[1, Infinity\)\. Got 0 instead\./);
    expect(() => new KNNRegressor({ algorithm: 'ball-tree' as 'brute' })).toThrow(/^The 'algorithm' parameter of KNNRegressor must be one of 'auto', 'kd-tree', 'brute'/);
  });

  it('keeps a Matrix passed to fit without copying it: brute force sees a later change, the k-d tree does not', async () => {
    const { Matrix } = await import('@mlcompare/core');
    const X = Matrix.fromRows([[0], [1], [10], [11]]);
    const m = await new KNNClassifier({ nNeighbors: 1 }).fit(X, [0, 0, 1, 1]);
    const tree = await new KNNClassifier({ nNeighbors: 1, algorithm: 'kd-tree' }).fit(X, [0, 0, 1, 1]);
    expect(await m.predict([[0.2], [10.4]])).toEqual([0, 1]);
    // Rows 0 and 1 (class 0) move next to 10 and 11, rows 2 and 3 (class 1) next to 0.
    X.data.set([10.3, 10.5, 0.1, 0.3]);
    expect(await m.predict([[0.2], [10.4]])).toEqual([1, 0]);
    expect(await tree.predict([[0.2], [10.4]])).toEqual([0, 1]);
    // The model's file holds the rows it predicts with.
    expect((m.toJSON() as { state: { model: { search: { X: unknown } } } }).state.model.search.X).toEqual(matrixToJSON(X));
    // Nested arrays are converted (copied) at fit.
    const rows = [[0], [1], [10], [11]];
    const n = await new KNNClassifier({ nNeighbors: 1 }).fit(rows, [0, 0, 1, 1]);
    rows[0]![0] = 10.5;
    expect(await n.predict([[0.2], [10.4]])).toEqual([0, 1]);
  });

  it('a training value made NaN or infinite after fit is an InputError at predict, never a silent vote', async () => {
    const { Matrix } = await import('@mlcompare/core');
    const X = Matrix.fromRows([[0, 0], [1, 1], [10, 10], [11, 11]]);
    const m = await new KNNClassifier({ nNeighbors: 1 }).fit(X, [0, 0, 1, 1]);
    const r = await new KNNRegressor({ nNeighbors: 1 }).fit(X, [0, 0, 5, 5]);
    X.data[5] = NaN;
    const err = await m.predict([[0, 0]]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/^Argument 'X' passed to 'KNNClassifier\.fit' must stay unchanged while the model is used, but X\[2\]\[1\] is NaN now \(it was finite at fit\)\. .*X\.clone\(\)/);
    X.data[5] = 10;
    X.data[0] = -Infinity;
    await expect(r.predict([[0, 0]])).rejects.toThrow(/^Argument 'X' passed to 'KNNRegressor\.fit' must stay unchanged while the model is used, but X\[0\]\[0\] is -Infinity now/);
  });
});

describe('KNNRegressor', () => {
  it('predicts the mean target of the k nearest rows', async () => {
    const m = await new KNNRegressor({ nNeighbors: 2 }).fit([[0], [1], [2], [3]], [0, 10, 20, 30]);
    expect(await m.predict([[0.4], [2.6]])).toEqual([5, 25]);
  });
});

describe('brute-force kernels', () => {
  it('the WebAssembly SIMD kernel and the JavaScript kernel find the same neighbours at the same distances', async () => {
    const { Matrix } = await import('@mlcompare/core');
    const { bruteKNeighbors } = await import('../src/internal/brute.js');
    const { simdKernel } = await import('../src/internal/simd.js');
    expect(simdKernel(), 'Node 20 has WebAssembly SIMD').not.toBeNull();
    for (const [n, m, d] of [[300, 37, 7], [700, 41, 64], [50, 3, 1]] as const) {
      const train = Matrix.fromRows(randomData(n, d, n).X);
      const queries = Matrix.fromRows(randomData(m, d, m + 1).X);
      for (const metric of ['euclidean', 'manhattan'] as const) {
        const a = bruteKNeighbors(train, queries, 6, metric, 'simd');
        const b = bruteKNeighbors(train, queries, 6, metric, 'js');
        expect(a.indices, `${metric} n=${n} d=${d}`).toEqual(b.indices);
        for (let i = 0; i < a.distances.length; i++) expect(a.distances[i]).toBeCloseTo(b.distances[i]!, 12);
      }
    }
  });
});
