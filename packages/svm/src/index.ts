/**
 * `@mlcompare/svm`: support-vector classification and regression (libsvm in WebAssembly via
 * libsvm-js; ml-svm selectable for binary classification).
 * @packageDocumentation
 * @module @mlcompare/svm
 */
import type { ModelSpec } from '@mlcompare/core';
import { svcSpec } from './svc.js';
import { svrSpec } from './svr.js';

export { SVC, svcSpec, type SVCParams } from './svc.js';
export { SVR, svrSpec, type SVRParams } from './svr.js';
export { resolveGamma } from './gamma.js';

/** The registry entries of this package. */
export const models: ModelSpec[] = [svcSpec, svrSpec];
