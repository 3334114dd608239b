/**
 * The worker of {@link growForestInWorkers}: grows the trees it is asked for from the forest's
 * shared data (SharedArrayBuffers: read, never copied) and returns them. Started by piscina.
 */
import type { TreeArrays } from '@mlcompare/cart/engine';
import { growForestTree, treeScratch, type ForestShared, type TreeScratch } from './forest.js';

/** One task: the forest's shared data and the indexes of the trees to grow. */
export interface ForestTask {
  shared: ForestShared;
  trees: number[];
}

let last: { shared: ForestShared; scratch: TreeScratch } | undefined;

/** Grows `task.trees` (each as {@link growForestTree} would on the main thread). */
export default function growTrees(task: ForestTask): TreeArrays[] {
  // Tasks of one fit share the same buffers: reuse the working arrays while they match.
  const sh = task.shared;
  if (!last || last.shared.cols.xt.buffer !== sh.cols.xt.buffer) last = { shared: sh, scratch: treeScratch(sh) };
  // Objects arrive as structured clones: the typed arrays still view the shared buffers.
  return task.trees.map((t) => growForestTree(sh, t, last!.scratch));
}
