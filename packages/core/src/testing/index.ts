/**
 * `@mlcompare/core/testing`: the conformance suite every model package runs on each of its models
 * ({@link describeModelContract}, as scikit-learn's `check_estimator`), and the iris data it uses.
 * @packageDocumentation
 * @module @mlcompare/core/testing
 */
export { describeModelContract, type ContractOptions } from './contract.js';
export { IRIS_X, IRIS_Y } from './iris.js';
