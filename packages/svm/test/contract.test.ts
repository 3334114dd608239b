import { describeModelContract } from '@mlcompare/core/testing';
import { svcSpec, svrSpec } from '../src/index.js';

describeModelContract(svcSpec);
describeModelContract(svrSpec);
describeModelContract(svcSpec, { params: { probability: true, kernel: 'poly', degree: 2, coef0: 1 } });
// engine 'ml-svm' is binary only, and the suite's problems have three classes: its contract
// checks (seeded refit, JSON round trip, one row vs batch, errors) are in svc.test.ts.
