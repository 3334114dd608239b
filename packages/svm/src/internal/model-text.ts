/**
 * Checking a libsvm model text read from JSON before libsvm-js parses it. libsvm's
 * `svm_load_model` trusts its input: a text that says `svm_type epsilon_svr` and nothing else
 * makes `predict` return bytes of the WebAssembly heap, and `total_sv 1000000` makes it read
 * past the support vectors. So the whole text is checked here, against the parameters, the
 * number of features and the classes: the header lines libsvm writes for this model, in its
 * order, with their values; then one line per support vector with its coefficients and one
 * `index:value` pair per feature (libsvm-js stores every feature, zeros included).
 */
import { stateError, type StateReader } from '@mlcompare/core';
import type { Kernel } from './common.js';

/** What a libsvm model text must agree with. */
export interface LibsvmTextExpectations {
  /** `c_svc` (SVC) or `epsilon_svr` (SVR). */
  svmType: 'c_svc' | 'epsilon_svr';
  /** The kernel parameter. */
  kernel: Kernel;
  /** The degree parameter (written for 'poly'). */
  degree: number;
  /** The fitted gamma (written unless the kernel is linear). */
  gamma: number;
  /** The coef0 parameter (written for 'poly' and 'sigmoid'). */
  coef0: number;
  /** Number of classes (SVC); 2 for SVR, as libsvm writes. */
  nClass: number;
  /** Whether Platt scaling was fitted (`probA` / `probB` lines). */
  probability: boolean;
  /** Features per support vector. */
  nFeatures: number;
}

const KERNEL_TYPE: Record<Kernel, string> = { linear: 'linear', rbf: 'rbf', poly: 'polynomial', sigmoid: 'sigmoid' };

/** A number as libsvm may have printed it: at full precision (ours), or with `%g` (libsvm's own). */
function sameNumber(text: string, expected: number): boolean {
  const v = Number(text);
  return text !== '' && (v === expected || v === Number(expected.toPrecision(6)));
}

/**
 * Checks the libsvm model text in the field `key` of `r`.
 * @param r - the reader of the model's state.
 * @param key - the field holding the text.
 * @param e - what the text must agree with.
 * @returns the text.
 * @throws {@link SerializationError} naming the field, the line and the rule.
 */
export function readLibsvmText(r: StateReader, key: string, e: LibsvmTextExpectations): string {
  const text = r.string(key);
  const path = r.at(key);
  const fail = (rule: string, got: string): never => {
    throw stateError(r.owner, path, `a libsvm ${e.svmType} model text with ${rule}`, got);
  };
  const lines = text.split('\n');
  const sv = lines.indexOf('SV');
  if (sv < 0) fail("an 'SV' line", 'no SV line');
  const k = e.nClass;
  const nPairs = (k * (k - 1)) / 2;
  const expectedKeys = ['svm_type', 'kernel_type'];
  if (e.kernel === 'poly') expectedKeys.push('degree');
  if (e.kernel !== 'linear') expectedKeys.push('gamma');
  if (e.kernel === 'poly' || e.kernel === 'sigmoid') expectedKeys.push('coef0');
  expectedKeys.push('nr_class', 'total_sv', 'rho');
  if (e.svmType === 'c_svc') expectedKeys.push('label');
  if (e.probability) expectedKeys.push('probA', 'probB');
  if (e.svmType === 'c_svc') expectedKeys.push('nr_sv');
  const header = lines.slice(0, sv).map((l) => l.split(' '));
  const keys = header.map((h) => h[0]!);
  if (keys.join(' ') !== expectedKeys.join(' ')) {
    fail(`the header lines ${expectedKeys.join(', ')} (in this order, for these parameters)`, `the lines ${keys.map((x) => `'${x.slice(0, 20)}'`).join(', ') || '(none)'}`);
  }
  const values = new Map(header.map((h) => [h[0]!, h.slice(1)]));
  const one = (name: string): string => {
    const v = values.get(name)!;
    if (v.length !== 1) fail(`one value on its '${name}' line`, `'${name} ${v.join(' ').slice(0, 60)}'`);
    return v[0]!;
  };
  const numbers = (name: string, count: number, integer = false): number[] => {
    const v = values.get(name)!;
    const nums = v.map(Number);
    if (v.length !== count || nums.some((x, i) => v[i] === '' || !Number.isFinite(x) || (integer && !Number.isInteger(x)))) {
      fail(`${count} ${integer ? 'integers' : 'finite numbers'} on its '${name}' line`, `'${name} ${v.join(' ').slice(0, 60)}'`);
    }
    return nums;
  };
  if (one('svm_type') !== e.svmType) fail(`'svm_type ${e.svmType}'`, `'svm_type ${one('svm_type')}'`);
  if (one('kernel_type') !== KERNEL_TYPE[e.kernel]) fail(`'kernel_type ${KERNEL_TYPE[e.kernel]}' (params.kernel is '${e.kernel}')`, `'kernel_type ${one('kernel_type')}'`);
  if (values.has('degree') && Number(one('degree')) !== e.degree) fail(`'degree ${e.degree}' (params.degree)`, `'degree ${one('degree')}'`);
  if (values.has('gamma') && !sameNumber(one('gamma'), e.gamma)) fail(`'gamma ${e.gamma}' (state.model.gamma)`, `'gamma ${one('gamma')}'`);
  if (values.has('coef0') && !sameNumber(one('coef0'), e.coef0)) fail(`'coef0 ${e.coef0}' (params.coef0)`, `'coef0 ${one('coef0')}'`);
  if (one('nr_class') !== String(k)) fail(`'nr_class ${k}'${e.svmType === 'c_svc' ? ` (state.classes has ${k})` : ' (as libsvm writes for regression)'}`, `'nr_class ${one('nr_class')}'`);
  const totalSv = Number(one('total_sv'));
  if (!Number.isInteger(totalSv) || totalSv < 1) fail("a positive integer on its 'total_sv' line", `'total_sv ${one('total_sv')}'`);
  numbers('rho', nPairs);
  if (e.probability) {
    numbers('probA', nPairs);
    numbers('probB', nPairs);
  }
  if (e.svmType === 'c_svc') {
    const labels = numbers('label', k, true);
    if (new Set(labels).size !== k || labels.some((c) => c < 0 || c >= k)) fail(`the class codes 0 to ${k - 1}, each once, on its 'label' line`, `'label ${labels.join(' ')}'`);
    const nSv = numbers('nr_sv', k, true);
    if (nSv.some((c) => c < 0) || nSv.reduce((a, b) => a + b, 0) !== totalSv) fail(`per-class counts on its 'nr_sv' line that add up to total_sv (${totalSv})`, `'nr_sv ${nSv.join(' ')}'`);
  }
  const body = lines.slice(sv + 1);
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  if (body.length !== totalSv) fail(`as many support-vector lines as 'total_sv ${totalSv}' says`, `${body.length} lines after 'SV'`);
  const nCoef = k - 1;
  for (let i = 0; i < body.length; i++) {
    const tokens = body[i]!.trimEnd().split(' ');
    const where = `support vector ${i + 1}`;
    if (tokens.length !== nCoef + e.nFeatures) {
      fail(`${nCoef} coefficient${nCoef === 1 ? '' : 's'} and ${e.nFeatures} index:value pairs (state.nFeatures) on each support-vector line`, `${tokens.length} items on the line of ${where}`);
    }
    for (let j = 0; j < nCoef; j++) {
      if (tokens[j] === '' || !Number.isFinite(Number(tokens[j]))) fail('finite coefficients on each support-vector line', `'${tokens[j]!.slice(0, 30)}' on the line of ${where}`);
    }
    for (let f = 0; f < e.nFeatures; f++) {
      const t = tokens[nCoef + f]!;
      const colon = t.indexOf(':');
      const value = t.slice(colon + 1);
      if (t.slice(0, colon) !== String(f + 1) || value === '' || !Number.isFinite(Number(value))) {
        fail(`the pairs 1:v to ${e.nFeatures}:v with finite values, in order, on each support-vector line`, `'${t.slice(0, 30)}' as pair ${f + 1} on the line of ${where}`);
      }
    }
  }
  return text;
}
