/** The model contract (core's conformance suite) on both trees and both engines. */
import { describeModelContract } from '@mlcompare/core/testing';
import { decisionTreeClassifierSpec, decisionTreeRegressorSpec } from '../src/index.js';

describeModelContract(decisionTreeClassifierSpec);
describeModelContract(decisionTreeRegressorSpec);
describeModelContract(decisionTreeClassifierSpec, { params: { engine: 'ml-cart' } });
describeModelContract(decisionTreeRegressorSpec, { params: { engine: 'ml-cart' } });
