/**
 * `@mlcompare/cart/engine`: the tree engine itself, for packages that grow many trees (the
 * forests of `@mlcompare/ensemble`). It exposes the typed-array builder behind
 * `DecisionTree*`'s default engine without the model wrapper: grow a tree on float32 columns,
 * route rows to leaves, read importances, and write or read a tree as JSON.
 *
 * Nothing here validates user input beyond what the builder needs: callers validate parameters
 * and data at their own public boundary.
 */
export { growTree, presort, MAX_SAMPLES, type SortedColumns, type ColumnData, type Criterion, type GrowParams, type IntSource, type Target } from './internal/builder.js';
export { toColumns, resolveMaxFeatures, type MaxFeatures } from './internal/common.js';
export { applyTree, countLeaves, featureImportances, treeFromJSON, treeToJSON, LEAF, type TreeArrays } from './internal/tree.js';
