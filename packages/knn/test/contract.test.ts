import { describeModelContract } from '@mlcompare/core/testing';
import { knnClassifierSpec, knnRegressorSpec } from '../src/index.js';

describeModelContract(knnClassifierSpec);
describeModelContract(knnRegressorSpec);
describeModelContract(knnClassifierSpec, { params: { algorithm: 'kd-tree', weights: 'distance' } });
describeModelContract(knnRegressorSpec, { params: { algorithm: 'brute', metric: 'manhattan', weights: 'distance' } });
