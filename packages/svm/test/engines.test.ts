// The library a user selects is the one called: engine 'ml-svm' trains and predicts through
// ml-svm's SVM class; the default engine (libsvm-js) never touches it.
import MlSvm from 'ml-svm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SVC } from '../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const X = [[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]];
const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];

describe("engine: 'ml-svm' calls ml-svm", () => {
  it('fit calls its train and predict its marginOne (once per row); libsvm-js and libsvm call neither', async () => {
    const train = vi.spyOn(MlSvm.prototype, 'train');
    const margin = vi.spyOn(MlSvm.prototype, 'marginOne');
    const m = await new SVC({ engine: 'ml-svm', kernel: 'linear' }).fit(X, y);
    expect(train).toHaveBeenCalledTimes(1);
    expect(await m.predict([[0.5, 0.5], [5.5, 5.5]])).toEqual(['a', 'b']);
    expect(margin).toHaveBeenCalledTimes(2);
    expect(m.backend).toBe('js');
    train.mockClear();
    margin.mockClear();
    const lib = await new SVC({ kernel: 'linear', engine: 'libsvm-js' }).fit(X, y);
    expect(await lib.predict([[0.5, 0.5]])).toEqual(['a']);
    expect(lib.backend).toBe('wasm');
    const ts = await new SVC({ kernel: 'linear' }).fit(X, y);
    expect(await ts.predict([[0.5, 0.5]])).toEqual(['a']);
    expect(ts.backend).toBe('js');
    expect(train).not.toHaveBeenCalled();
    expect(margin).not.toHaveBeenCalled();
    lib.dispose();
  });
});
