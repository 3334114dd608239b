/**
 * `@mlcompare/cart/engine`: the tree engine itself, for packages that grow many trees (the
 * forests of `@mlcompare/ensemble`). It exposes the typed-array builder behind
 * `DecisionTree*`'s default engine without the model wrapper: grow a tree on float32 columns,
 * route rows to leaves, read importances, and write a tree as JSON or read one back with the
 * checks of a model file (`readTree`, against `treeExpectations` of the growth parameters), and
 * check an ml-cart tree's JSON (`readMlCart`) before ml-cart loads it.
 *
 * Nothing here validates user input beyond what the builder needs: callers validate parameters
 * and data at their own public boundary.
 */
export { growTree, presort, denseRanks, MAX_SAMPLES, type SortedColumns, type ColumnData, type Criterion, type GrowParams, type IntSource, type Target } from './internal/builder.js';
export { toColumns, resolveMaxFeatures, treeExpectations, growthSpec, type MaxFeatures } from './internal/common.js';
export { applyTree, countLeaves, featureImportances, readTree, treeToJSON, LEAF, type TreeArrays, type TreeExpectations } from './internal/tree.js';
export { readMlCart, type MlCartExpectations } from './internal/mlcart-json.js';
