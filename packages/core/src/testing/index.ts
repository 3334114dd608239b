export { describeModelContract, type ContractOptions } from './contract.js';
export { IRIS_X, IRIS_Y } from './iris.js';
