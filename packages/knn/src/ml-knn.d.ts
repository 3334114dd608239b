/** Type shim for ml-knn 3.0.0 (CommonJS, no types): only the parts mlcompare uses. */
declare module 'ml-knn' {
  /** A point stored in the tree (mlcompare stores the training-row index as `id`). */
  export type KDPoint = number[] & { id: number };
  /** ml-knn's KDTree class (`new KDTree(points, metric)`); not exported by ml-knn, reached as `knn.kdTree.constructor`. */
  export type KDTreeConstructor = new (points: KDPoint[], metric: (a: ArrayLike<number>, b: ArrayLike<number>) => number) => KDTree;
  /** ml-knn's k-d tree (not exported on its own; reached through `KNN#kdTree`). */
  export interface KDTree {
    /** The `maxNodes` nearest stored points to `point`, as `[point, distance]` pairs in heap order. */
    nearest(point: ArrayLike<number>, maxNodes: number, maxDistance?: number): Array<[KDPoint, number]>;
  }
  /** Options of the KNN constructor. */
  export interface KNNOptions {
    /** Number of neighbours (default: number of classes + 1). */
    k?: number;
    /** Distance between a query and a stored point (default: euclidean). */
    distance?: (a: ArrayLike<number>, b: ArrayLike<number>) => number;
  }
  /** k-nearest-neighbour classifier; trains in its constructor. */
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: KNNOptions);
    readonly kdTree: KDTree;
    readonly k: number;
    predict(dataset: number[][]): number[];
    predict(dataset: number[]): number;
    toJSON(): unknown;
  }
}
