// applyTree walks a tree in its packed layout (left child = next node, as the builder numbers
// nodes) or, for a tree numbered otherwise (a model file may be), in the parallel arrays. Both
// must send every row to the leaf the thresholds say.
import { describe, expect, it } from 'vitest';
import { applyTree, LEAF, type TreeArrays } from '../src/engine.js';

/**
 * The same 5-node tree — x0 <= 0.5 ? (x1 <= 0.5 ? A : B) : C — numbered depth-first (left child
 * next: root 0, inner 1, A 2, B 3, C 4) or breadth-first (root 0, inner 1, C 2, A 3, B 4).
 */
function tree(order: 'depth' | 'breadth'): { t: TreeArrays; leaf: Record<'A' | 'B' | 'C', number> } {
  const depth = order === 'depth';
  const [inner, A, B, C] = depth ? [1, 2, 3, 4] : [1, 3, 4, 2];
  const feature = new Int32Array(5).fill(LEAF);
  const threshold = new Float64Array(5);
  const left = new Int32Array(5).fill(LEAF);
  const right = new Int32Array(5).fill(LEAF);
  feature[0] = 0;
  threshold[0] = 0.5;
  left[0] = inner;
  right[0] = C;
  feature[inner] = 1;
  threshold[inner] = 0.5;
  left[inner] = A;
  right[inner] = B;
  const t: TreeArrays = {
    nodeCount: 5,
    feature,
    threshold,
    left,
    right,
    impurity: new Float64Array(5),
    nSamples: new Int32Array(5).fill(1),
    value: new Float64Array(5),
    valueStride: 1,
    maxDepth: 2,
  };
  return { t, leaf: { A, B, C } };
}

// Rows and the leaf each belongs to; 0.5 itself goes left; values are compared in float32
// (0.50000001 rounds to 0.5).
const rows: Array<[number[], 'A' | 'B' | 'C']> = [
  [[0, 0], 'A'],
  [[0.5, 0.5], 'A'],
  [[0.50000001, 0.50000001], 'A'],
  [[0.2, 0.9], 'B'],
  [[0.7, 0.1], 'C'],
  [[3, 3], 'C'],
];
const data = Float64Array.from(rows.flatMap(([x]) => x));

describe('applyTree', () => {
  for (const order of ['depth', 'breadth'] as const) {
    it(`sends every row to the leaf its thresholds say, nodes numbered ${order}-first`, () => {
      const { t, leaf } = tree(order);
      expect(Array.from(applyTree(t, data, rows.length, 2))).toEqual(rows.map(([, l]) => leaf[l]));
    });
  }
});
