/**
 * Checking an ml-cart model read from JSON before ml-cart loads it: ml-cart's `load` takes any
 * object and its `predict` then follows whatever it finds (a missing child is a TypeError, a
 * split column past the row reads `undefined`, a leaf distribution with another class count
 * predicts a class code that does not exist).
 */
import { StateReader, describeJsonValue, stateError, type StateContext } from '@mlcompare/core';

/** What an ml-cart model read from JSON must agree with. */
export interface MlCartExpectations {
  /** ml-cart's `name` tag: 'DTClassifier' or 'DTRegression'. */
  name: 'DTClassifier' | 'DTRegression';
  /** The options the model was built with (as {@link mlCartOptions} makes them, with `gainFunction`, `splitFunction` and `kind`). */
  options: Record<string, string | number | null>;
  /** Classes of a classifier (a leaf's distribution has at most this many entries); undefined for a regressor. */
  nClasses?: number;
  /** Deepest level allowed (null: unlimited). */
  maxDepth: number | null;
}

/**
 * Checks ml-cart's JSON (`v`, at `path`): its name tag, its options against the
 * parameters, and every node of the tree, walked without recursion: a split node has a
 * `splitColumn` in [0, nFeatures), a finite `splitValue` and two child objects; a leaf has a
 * `distribution` (classifier: one row of at most nClasses shares in [0, 1] that sum to 1;
 * regressor: a finite number); no node is reached twice (no cycle, no shared subtree); no node
 * is deeper than the maxDepth parameter.
 * @param path - where the JSON sits in the model file (`state.model.model`).
 * @param v - the JSON.
 * @param ctx - the model's context (owner; `nFeatures` bounds `splitColumn`).
 * @param e - what the tree must agree with.
 * @returns a copy of the JSON, for ml-cart's `load` (and to be written back unchanged).
 * @throws {@link @mlcompare/core!SerializationError | SerializationError} naming the field (its path from the root) and the rule.
 */
export function readMlCart(path: string, v: unknown, ctx: StateContext, e: MlCartExpectations): unknown {
  const m = StateReader.of(ctx.owner, path, v);
  m.equal('name', e.name, "ml-cart's tag for this model");
  const o = m.object('options');
  for (const [key, value] of Object.entries(e.options)) {
    const got = o.raw(key);
    if (got !== value) throw stateError(ctx.owner, o.at(key), `${describeJsonValue(value)} (from the parameters)`, describeJsonValue(got));
  }
  o.done();
  const root = m.raw('root');
  m.done();
  const seen = new Set<unknown>();
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: root, path: m.at('root'), depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    const n = StateReader.of(ctx.owner, path, node);
    if (seen.has(node)) throw stateError(ctx.owner, path, 'a node reached once (a tree has no cycle and no shared subtree)', 'a node reached again');
    seen.add(node);
    if (e.maxDepth !== null && depth > e.maxDepth) throw stateError(ctx.owner, path, `at depth ${e.maxDepth} at most (params.maxDepth)`, `a node at depth ${depth}`);
    if (n.has('distribution')) {
      if (e.nClasses === undefined) {
        n.number('distribution');
        continue;
      }
      const rows = n.raw('distribution');
      if (!Array.isArray(rows) || rows.length !== 1) throw stateError(ctx.owner, n.at('distribution'), 'one row of class shares ([[p0, p1, …]])', describeJsonValue(rows));
      const shares = StateReader.of(ctx.owner, n.path, { distribution: rows[0] }).float64('distribution', { minLength: 1, min: 0, why: `at most ${e.nClasses}: state.classes has ${e.nClasses}` });
      if (shares.length > e.nClasses) throw stateError(ctx.owner, n.at('distribution'), `a row of at most ${e.nClasses} class shares (state.classes has ${e.nClasses})`, `a row of ${shares.length}`);
      let sum = 0;
      for (const p of shares) sum += p;
      if (Math.abs(sum - 1) > 1e-9) throw stateError(ctx.owner, n.at('distribution'), 'class shares that sum to 1', `shares that sum to ${sum}`);
      continue;
    }
    n.number('splitColumn', { integer: true, min: 0, max: ctx.nFeatures - 1 });
    n.number('splitValue');
    for (const side of ['left', 'right'] as const) {
      const child = n.raw(side);
      StateReader.of(ctx.owner, n.at(side), child);
      stack.push({ node: child, path: n.at(side), depth: depth + 1 });
    }
  }
  return JSON.parse(JSON.stringify(v)) as unknown;
}
