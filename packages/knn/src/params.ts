/** The hyper-parameters shared by `KNNClassifier` and `KNNRegressor`. */
import { int, nullValue, oneOf, union, type ParamSpecs } from '@mlcompare/core';

/** Declarations of the k-NN hyper-parameters (scikit-learn's names, camelCased). */
export const knnParamSpec = {
  nNeighbors: int({ default: 5, min: 1, doc: 'Number of neighbours that vote (scikit-learn n_neighbors).' }),
  weights: oneOf(['uniform', 'distance'] as const, {
    default: 'uniform',
    doc: "'uniform': every neighbour counts the same; 'distance': neighbours count 1/distance (a neighbour at distance 0 takes all the weight).",
  }),
  metric: oneOf(['euclidean', 'manhattan'] as const, { default: 'euclidean', doc: 'Distance between samples.' }),
  algorithm: oneOf(['auto', 'kd-tree', 'brute'] as const, {
    default: 'auto',
    doc: "Search engine: ml-knn's k-d tree, a brute-force scan on typed arrays, or 'auto' (brute force unless there are at most 3 features, at least 20,000 rows and nNeighbors < n/2: scikit-learn's rule narrowed to where ml-knn's tree was measured faster).",
  }),
  nJobs: union<number | null>([nullValue(), int({ default: 1, min: 1, max: 256, doc: 'A number of threads.' })], {
    default: null,
    doc: "Threads of a brute-force search (scikit-learn n_jobs): null, the thread budget (core's threadBudget: every core unless the runner or setThreadBudget says otherwise); 1, the calling thread. Searches below 20 million multiply-adds, the k-d tree and a browser use one thread. The neighbours are the same for any value.",
  }),
} satisfies ParamSpecs;
