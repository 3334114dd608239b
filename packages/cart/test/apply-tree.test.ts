// applyTree walks a tree in its packed layout (left child = next node, as the builder numbers
// nodes) or, for a tree numbered otherwise (a model file may be), in the parallel arrays. Both
// must send every row to the leaf the thresholds say.
import { describe, expect, it } from 'vitest';
import { applyTree, LEAF, type TreeArrays } from '../src/engine.js';
import { roundDown32, walkWasm, wasmNodes } from '../src/internal/walk-wasm.js';

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

/**
 * A random tree of up to 12 levels, numbered depth-first (left child next), with every split's
 * samples shared `share` : 1 − `share` between its children (the walk picks its method by how
 * lopsided the splits are: 0.5 takes the branch-free walk of four rows, 0.05 the branching one).
 */
function randomTree(seed: number, share: number): TreeArrays {
  let s = seed;
  const rand = (): number => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const nSamples: number[] = [];
  const grow = (depth: number, n: number): number => {
    const id = feature.length;
    feature.push(LEAF);
    threshold.push(0);
    left.push(LEAF);
    right.push(LEAF);
    nSamples.push(n);
    if (depth < 12 && (depth < 3 || rand() < 0.8)) {
      feature[id] = Math.floor(rand() * 3);
      // Thresholds on a grid of float32-representable values, so rows land on them exactly too.
      threshold[id] = Math.fround(Math.round(rand() * 40 - 20) / 4);
      left[id] = grow(depth + 1, Math.max(1, Math.round(n * share)));
      right[id] = grow(depth + 1, Math.max(1, Math.round(n * (1 - share))));
    }
    return id;
  };
  grow(0, 1 << 20);
  const c = feature.length;
  return {
    nodeCount: c,
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    impurity: new Float64Array(c),
    nSamples: Int32Array.from(nSamples),
    value: new Float64Array(c),
    valueStride: 1,
    maxDepth: 12,
  };
}

/** The leaf of one row, by following the arrays (the definition the walks must agree with). */
function leafOf(t: TreeArrays, row: Float64Array): number {
  let node = 0;
  while (t.left[node] !== LEAF) node = Math.fround(row[t.feature[node]!]!) <= t.threshold[node]! ? t.left[node]! : t.right[node]!;
  return node;
}

describe('applyTree on large random trees', () => {
  // Rows on the thresholds' grid (ties go left), between them, and rounding to them in float32.
  const n = 1003;
  const X = new Float64Array(n * 3);
  for (let k = 0; k < X.length; k++) X[k] = (((k * 7919) % 97) - 48) / 8 + (k % 5 === 0 ? 1e-9 : 0);
  for (const share of [0.5, 0.05]) {
    it(`finds each row's leaf, four rows at a time or one, every row count (splits shared ${share} : ${1 - share})`, () => {
      for (const seed of [1, 2, 3]) {
        const t = randomTree(seed, share);
        expect(t.nodeCount).toBeGreaterThan(100);
        const want = Array.from({ length: n }, (_, i) => leafOf(t, X.subarray(3 * i, 3 * i + 3)));
        for (const rows of [n, 1, 2, 3, 4, 5, 8, 9, 11]) {
          expect(Array.from(applyTree(t, X.subarray(0, 3 * rows), rows, 3)), `seed ${seed}, ${rows} rows`).toEqual(want.slice(0, rows));
        }
      }
    });
  }
});

describe('the WebAssembly walk', () => {
  // Thresholds that float32 cannot hold (the walk compares in float32 against each threshold
  // rounded down), beside rows on the float32 values around them; 25,000 rows span three chunks.
  const n = 25_000;
  const X = new Float64Array(n * 3);
  for (let k = 0; k < X.length; k++) X[k] = (((k * 7919) % 97) - 48) / 8 + [0, 1e-9, -1e-9, 2 ** -30, -(2 ** -30)][k % 5]!;
  const offTree = (seed: number): TreeArrays => {
    const t = randomTree(seed, 0.05);
    for (let i = 0; i < t.nodeCount; i++) if (t.left[i] !== LEAF) t.threshold[i] = t.threshold[i]! + [0, 1e-9, -1e-9, 2 ** -30, -(2 ** -30), 1e-300][i % 6]!;
    return t;
  };

  it('finds the leaves of the plain walk, every row count, chunk after chunk', () => {
    for (const seed of [4, 5]) {
      const t = offTree(seed);
      const want = Array.from({ length: n }, (_, i) => leafOf(t, X.subarray(3 * i, 3 * i + 3)));
      const nodes = wasmNodes(t)!;
      for (const rows of [n, 10_923, 10_922, 1, 2, 3, 5, 0]) {
        const out = new Int32Array(rows);
        expect(walkWasm(nodes, X.subarray(0, 3 * rows), rows, 3, out), 'WebAssembly available').toBe(true);
        expect(Array.from(out), `seed ${seed}, ${rows} rows`).toEqual(want.slice(0, rows));
      }
      // and applyTree takes it (a lopsided tree 12 levels deep over 3 columns)
      expect(Array.from(applyTree(t, X, n, 3))).toEqual(want);
      expect(Array.from(applyTree(t, X, n, 3, 'js'))).toEqual(want);
    }
  });

  it('alternates between trees without mixing their nodes', () => {
    const a = offTree(6);
    const b = offTree(7);
    const rows = 500;
    const leaves = (t: TreeArrays): number[] => Array.from({ length: rows }, (_, i) => leafOf(t, X.subarray(3 * i, 3 * i + 3)));
    for (let k = 0; k < 3; k++) {
      expect(Array.from(applyTree(a, X, rows, 3))).toEqual(leaves(a));
      expect(Array.from(applyTree(b, X, rows, 3))).toEqual(leaves(b));
    }
  });

  it('rounds a threshold down to the largest float32 not above it', () => {
    const cases = [0.1, -0.1, 0.5, -0.5, 1e-300, -1e-300, 0, -0, 3.5e38, -3.5e38, 1e-45, -1e-45, 1 / 3, -1 / 3, 123456789.123];
    for (const t of cases) {
      const r = roundDown32(t);
      expect(Math.fround(r), `${t}`).toBe(r);
      expect(r <= t, `${t}: ${r} ≤ t`).toBe(true);
      // the next float32 up is above t
      const f = new Float32Array([r]);
      const u = new Int32Array(f.buffer);
      if (r === 0) f[0] = 1.401298464324817e-45;
      else u[0]! += r > 0 ? 1 : -1;
      expect(f[0]! > t, `${t}: next float32 ${f[0]} > t`).toBe(true);
    }
  });
});
