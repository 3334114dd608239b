// What a fitted k-NN model says ran, and that the library a user selects is the one called.
import KNN from 'ml-knn';
import type { KDTreeConstructor } from 'ml-knn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KNNClassifier, KNNRegressor } from '../src/index.js';

const X = [[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]];
const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
const Q = [[0.2, 0.1], [5.5, 5.4], [3, 3]];

afterEach(() => {
  vi.restoreAllMocks();
});

/** ml-knn's tree class: not exported, reached as the constructor of a KNN's `kdTree` (as the wrapper does). */
function kdTreeClass(): KDTreeConstructor {
  return new KNN([[0]], [0], { k: 1 }).kdTree.constructor as KDTreeConstructor;
}

describe('k-NN backend: what ran the neighbour search', () => {
  // Node 20's WebAssembly has SIMD, so the brute-force scan runs its SIMD kernel here; the
  // JavaScript fallback is checked in backend-js.test.ts, on a host whose WebAssembly lacks SIMD.
  it("brute force says 'wasm-simd' once it has searched, 'js' before", async () => {
    for (const m of [new KNNClassifier({ nNeighbors: 3, algorithm: 'brute' }), new KNNRegressor({ nNeighbors: 3, algorithm: 'brute' })]) {
      expect(m.backend).toBe('js');
      await m.fit(X, y.map((c) => (c === 'a' ? 0 : 1)));
      expect(m.backend).toBe('js'); // fit only stores the rows
      await m.predict(Q);
      expect(m.backend).toBe('wasm-simd');
    }
  });

  it("ml-knn's k-d tree says 'js'", async () => {
    const m = await new KNNClassifier({ nNeighbors: 3, algorithm: 'kd-tree' }).fit(X, y);
    await m.predict(Q);
    expect(m.backend).toBe('js');
    const r = await new KNNRegressor({ nNeighbors: 3, algorithm: 'kd-tree' }).fit(X, [0, 0, 0, 0, 1, 1, 1, 1]);
    await r.predict(Q);
    expect(r.backend).toBe('js');
  });
});

describe("algorithm: 'kd-tree' calls ml-knn's tree", () => {
  it('every query is answered by ml-knn KDTree#nearest (and brute force never calls it)', async () => {
    const nearest = vi.spyOn(kdTreeClass().prototype, 'nearest');
    const tree = await new KNNClassifier({ nNeighbors: 3, algorithm: 'kd-tree' }).fit(X, y);
    expect(await tree.predict(Q)).toEqual(['a', 'b', 'a']);
    expect(nearest).toHaveBeenCalledTimes(Q.length);
    const reg = await new KNNRegressor({ nNeighbors: 3, algorithm: 'kd-tree' }).fit(X, [0, 0, 0, 0, 1, 1, 1, 1]);
    await reg.predict(Q);
    expect(nearest).toHaveBeenCalledTimes(2 * Q.length);
    nearest.mockClear();
    const brute = await new KNNClassifier({ nNeighbors: 3, algorithm: 'brute' }).fit(X, y);
    await brute.predict(Q);
    expect(nearest).not.toHaveBeenCalled();
  });
});
