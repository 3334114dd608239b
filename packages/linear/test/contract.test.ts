import { describeModelContract } from '@mlcompare/core/testing';
import { linearRegressionSpec, logisticRegressionSpec, perceptronSpec, ridgeSpec } from '../src/index.js';

describeModelContract(linearRegressionSpec);
describeModelContract(linearRegressionSpec, { params: { solver: 'gd' } });
describeModelContract(linearRegressionSpec, { params: { engine: 'ml-regression' } });
describeModelContract(ridgeSpec);
// 'backend' is optional in a LogisticRegression file: files written before it was recorded read as 'js'.
describeModelContract(logisticRegressionSpec, { optionalStateFields: ['backend'] });
// The library engine runs fixed-step gradient descent: 300 steps keep the suite fast and still clear the iris floor.
describeModelContract(logisticRegressionSpec, { params: { engine: 'ml-logistic-regression', maxIter: 300, learningRate: 0.01 }, optionalStateFields: ['backend'] });
describeModelContract(perceptronSpec);
