import * as tf from '@tensorflow/tfjs';
import { describeModelContract } from '@mlcompare/core/testing';
import { mlpClassifierSpec, mlpRegressorSpec } from '../src/index.js';

// Smaller, faster networks than the defaults; lr 1e-2 so 200 epochs of the suite's small problems converge.
const params = { hiddenLayerSizes: [16], learningRateInit: 1e-2, maxIter: 200 };
const resourceCount = (): number => tf.memory().numTensors;

describeModelContract(mlpClassifierSpec, { params, resourceCount });
describeModelContract(mlpRegressorSpec, { params, resourceCount });
