/**
 * k-nearest-neighbour search through ml-knn's k-d tree (its `KDTree` class and `nearest`).
 *
 * Two problems of ml-knn 3.0.0's own use of that tree are avoided here:
 * 1. It prunes a branch with `metric(linearPoint, node)` where `linearPoint` is a plain object;
 *    its default euclidean distance loops over `linearPoint.length`, which is undefined, so the
 *    pruning distance is always 0 and every search visits the whole tree. We pass our own
 *    metric, which loops over the `d` coordinates it was made for, so the pruning test works.
 * 2. `new KNN(X, labels)` appends the label to every point, and the tree then also splits on
 *    that coordinate (no pruning at those levels). We build the tree class directly over the
 *    bare rows, with the training-row index as a property of each point array.
 * Distances inside the tree are squared euclidean (monotone, so the same neighbours) or manhattan.
 */
import type { Matrix } from '@mlcompare/core';
import KNN, { type KDPoint, type KDTree, type KDTreeConstructor } from 'ml-knn';
import type { Metric, Neighbors } from './brute.js';

/** A k-d tree over training rows; each stored point carries its row index as `id`. */
export interface TreeIndex {
  readonly tree: KDTree;
  readonly d: number;
}

function metricFor(metric: Metric, d: number): (a: ArrayLike<number>, b: ArrayLike<number>) => number {
  if (metric === 'manhattan') {
    return (a, b) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += Math.abs(a[i]! - b[i]!);
      return s;
    };
  }
  return (a, b) => {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const t = a[i]! - b[i]!;
      s += t * t;
    }
    return s;
  };
}

/**
 * Builds ml-knn's k-d tree over the rows of `train`.
 * @param train - training rows (n × d).
 * @param metric - the distance the tree will search with.
 */
export function buildTree(train: Matrix, metric: Metric): TreeIndex {
  const points: KDPoint[] = new Array(train.rows);
  for (let i = 0; i < train.rows; i++) points[i] = Object.assign(Array.from(train.row(i)), { id: i });
  const tree = new (kdTreeClass())(points, metricFor(metric, train.cols));
  return { tree, d: train.cols };
}

let KDTreeClass: KDTreeConstructor | undefined;

/** ml-knn does not export its KDTree class; it is the constructor of any KNN's `kdTree`. */
function kdTreeClass(): KDTreeConstructor {
  KDTreeClass ??= new KNN([[0]], [0], { k: 1 }).kdTree.constructor as KDTreeConstructor;
  return KDTreeClass;
}

/**
 * The k nearest training rows of each query, nearest first, from the tree.
 * The returned neighbours are ordered by (distance, training index). Which of several training
 * rows at exactly the k-th distance the tree keeps depends on its traversal order (ml-knn keeps a
 * candidate only when strictly nearer than the current k-th), so on exact distance ties at the
 * boundary the tree and the brute-force scan may return different (equally near) rows.
 */
export function treeKNeighbors(index: TreeIndex, queries: Matrix, k: number, metric: Metric): Neighbors {
  const m = queries.rows;
  const d = index.d;
  const topD = new Float64Array(m * k);
  const topI = new Int32Array(m * k);
  const q = new Array<number>(d);
  for (let i = 0; i < m; i++) {
    for (let f = 0; f < d; f++) q[f] = queries.data[i * d + f]!;
    const found = index.tree.nearest(q, k);
    found.sort((a, b) => a[1] - b[1] || a[0].id - b[0].id);
    for (let j = 0; j < k; j++) {
      const hit = found[j]!;
      topI[i * k + j] = hit[0].id;
      topD[i * k + j] = metric === 'manhattan' ? hit[1] : Math.sqrt(hit[1]);
    }
  }
  return { k, indices: topI, distances: topD, backend: 'js', threads: 1 };
}
