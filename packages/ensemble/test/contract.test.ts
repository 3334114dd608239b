/** The model contract (core's conformance suite) on every model of the package and both forest engines. */
import { describeModelContract } from '@mlcompare/core/testing';
import { gradientBoostingClassifierSpec, gradientBoostingRegressorSpec, randomForestClassifierSpec, randomForestRegressorSpec } from '../src/index.js';

describeModelContract(randomForestClassifierSpec, { params: { nEstimators: 20 } });
describeModelContract(randomForestRegressorSpec, { params: { nEstimators: 20 } });
describeModelContract(randomForestClassifierSpec, { params: { nEstimators: 10, engine: 'ml-random-forest' } });
describeModelContract(randomForestRegressorSpec, { params: { nEstimators: 10, engine: 'ml-random-forest' } });
describeModelContract(gradientBoostingClassifierSpec, { params: { maxIter: 30, minSamplesLeaf: 5 } });
describeModelContract(gradientBoostingRegressorSpec, { params: { maxIter: 30, minSamplesLeaf: 5 } });
