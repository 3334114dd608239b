import { describe, expect, it } from 'vitest';
import { ParameterError, bool, float, int, intArray, nullValue, oneOf, parseParamValue, resolveParams, seedParam, union } from '../src/index.js';

const spec = {
  nNeighbors: int({ default: 5, min: 1, doc: 'k' }),
  C: float({ default: 1, min: 0, minExclusive: true, doc: 'C' }),
  weights: oneOf(['uniform', 'distance'] as const, { default: 'uniform', doc: 'w' }),
  shuffle: bool({ default: true, doc: 's' }),
  hiddenLayerSizes: intArray({ default: [100], min: 1, doc: 'h' }),
  maxDepth: union<number | null>([nullValue(), int({ default: 1, min: 1, doc: '' })], { default: null, doc: 'd' }),
  gamma: union<'scale' | 'auto' | number>([oneOf(['scale', 'auto'] as const, { default: 'scale', doc: '' }), float({ default: 1, min: 0, minExclusive: true, doc: '' })], { default: 'scale', doc: 'g' }),
  seed: seedParam(),
};

describe('resolveParams', () => {
  it('merges defaults and copies arrays', () => {
    const given = { hiddenLayerSizes: [64, 32] };
    const p = resolveParams('M', spec, given);
    expect(p).toEqual({ nNeighbors: 5, C: 1, weights: 'uniform', shuffle: true, hiddenLayerSizes: [64, 32], maxDepth: null, gamma: 'scale', seed: 0 });
    given.hiddenLayerSizes.push(1);
    expect(p.hiddenLayerSizes).toEqual([64, 32]);
  });

  it('renders the scikit-learn style message for each kind of rule', () => {
    const msg = (params: Record<string, unknown>): string => {
      try {
        resolveParams('KNNClassifier', spec, params);
      } catch (e) {
        expect(e).toBeInstanceOf(ParameterError);
        return (e as Error).message;
      }
      throw new Error('expected a ParameterError');
    };
    expect(msg({ nNeighbors: 0 })).toBe("The 'nNeighbors' parameter of KNNClassifier must be an integer in [1, Infinity). Got 0 instead.");
    expect(msg({ C: 0 })).toBe("The 'C' parameter of KNNClassifier must be a number in (0, Infinity). Got 0 instead.");
    expect(msg({ weights: 'closest' })).toBe("The 'weights' parameter of KNNClassifier must be one of 'uniform', 'distance'. Got 'closest' instead.");
    expect(msg({ shuffle: 'yes' })).toBe("The 'shuffle' parameter of KNNClassifier must be a boolean. Got 'yes' instead.");
    expect(msg({ maxDepth: 0 })).toBe("The 'maxDepth' parameter of KNNClassifier must be null or an integer in [1, Infinity). Got 0 instead.");
    expect(msg({ gamma: -1 })).toBe("The 'gamma' parameter of KNNClassifier must be one of 'scale', 'auto' or a number in (0, Infinity). Got -1 instead.");
    expect(msg({ hiddenLayerSizes: [] })).toMatch(/^The 'hiddenLayerSizes' parameter of KNNClassifier must be an array of at least 1 integer >= 1\. Got \[\] instead\.$/);
    expect(msg({ k: 3 })).toBe('Unknown parameter \'k\' for KNNClassifier. Valid parameters: nNeighbors, C, weights, shuffle, hiddenLayerSizes, maxDepth, gamma, seed.');
    expect(msg({ nNeighbours: 3 })).toBe(
      "Unknown parameter 'nNeighbours' for KNNClassifier. Did you mean 'nNeighbors'? Valid parameters: nNeighbors, C, weights, shuffle, hiddenLayerSizes, maxDepth, gamma, seed.",
    );
  });

  it('every generated invalid value is rejected and every default accepted', () => {
    for (const [name, decl] of Object.entries(spec)) {
      expect(decl.accepts(decl.default)).toBe(true);
      for (const bad of decl.invalid) expect(() => resolveParams('M', spec, { [name]: bad }), `${name}=${String(bad)}`).toThrow(ParameterError);
    }
  });
});

describe('oneOf refused values', () => {
  const engine = oneOf(['libsvm-js'] as const, { default: 'libsvm-js', doc: '', refused: { 'ml-svm': 'ml-svm has no regression variant' } });
  it('ends the message with the reason, for that value only', () => {
    expect(() => resolveParams('SVR', { engine }, { engine: 'ml-svm' })).toThrow(
      "The 'engine' parameter of SVR must be 'libsvm-js'. Got 'ml-svm' instead: ml-svm has no regression variant.",
    );
    expect(() => parseParamValue('SVR', { engine }, 'engine', 'ml-svm')).toThrow(/Got 'ml-svm' instead: ml-svm has no regression variant\.$/);
    expect(() => resolveParams('SVR', { engine }, { engine: 'other' })).toThrow(/^The 'engine' parameter of SVR must be 'libsvm-js'\. Got 'other' instead\.$/);
    expect(() => resolveParams('SVR', { engine }, { engine: 'toString' })).toThrow(/Got 'toString' instead\.$/);
  });
  it('counts refused values among the invalid ones the contract suite tries', () => {
    expect(engine.invalid).toContain('ml-svm');
    expect(engine.refused).toEqual({ 'ml-svm': 'ml-svm has no regression variant' });
    expect('refused' in oneOf(['a'] as const, { default: 'a', doc: '' })).toBe(false);
  });
});

describe('parseParamValue (the CLI syntax)', () => {
  it('parses each kind', () => {
    expect(parseParamValue('M', spec, 'nNeighbors', '15')).toBe(15);
    expect(parseParamValue('M', spec, 'weights', 'distance')).toBe('distance');
    expect(parseParamValue('M', spec, 'shuffle', 'false')).toBe(false);
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', '64x32')).toEqual([64, 32]);
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', '[64,32]')).toEqual([64, 32]);
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', ' [ 64, 32 ] ')).toEqual([64, 32]);
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', '[100]')).toEqual([100]);
    expect(() => parseParamValue('M', spec, 'hiddenLayerSizes', '[64,32')).toThrow(ParameterError);
    expect(() => parseParamValue('M', spec, 'hiddenLayerSizes', '[]')).toThrow(ParameterError);
    // A separator with nothing on one side is a typo, not a shorter list ('64x' read as [64]).
    for (const typo of ['64x', 'x64', '64xx32', '64,,32', '[64,]', '[,64]', '64x 32x', 'x']) {
      expect(() => parseParamValue('M', spec, 'hiddenLayerSizes', typo), typo).toThrow(ParameterError);
    }
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', '64 x 32')).toEqual([64, 32]);
    expect(parseParamValue('M', spec, 'hiddenLayerSizes', '[64 32]')).toEqual([64, 32]);
    expect(parseParamValue('M', spec, 'maxDepth', 'null')).toBe(null);
    expect(parseParamValue('M', spec, 'maxDepth', '4')).toBe(4);
    expect(parseParamValue('M', spec, 'gamma', 'auto')).toBe('auto');
    expect(parseParamValue('M', spec, 'gamma', '0.5')).toBe(0.5);
  });
  it('rejects what does not parse, with the rule', () => {
    expect(() => parseParamValue('M', spec, 'nNeighbors', 'five')).toThrow(/^The 'nNeighbors' parameter of M must be an integer in \[1, Infinity\)\. Got 'five' instead\./);
    expect(() => parseParamValue('M', spec, 'nope', '1')).toThrow(/^Unknown parameter 'nope' for M\. Valid parameters: /);
    expect(() => parseParamValue('M', spec, 'wieghts', 'distance')).toThrow(/^Unknown parameter 'wieghts' for M\. Did you mean 'weights'\? Valid parameters: /);
  });
});

describe('float parameters are finite unless declared otherwise', () => {
  it("rejects Infinity and -Infinity for an open '(0, Infinity)' rule, from code and from the command line", () => {
    expect(() => resolveParams('Perceptron', spec, { C: Infinity })).toThrow(
      "The 'C' parameter of Perceptron must be a number in (0, Infinity). Got Infinity instead.",
    );
    expect(() => parseParamValue('Perceptron', spec, 'C', 'inf')).toThrow(ParameterError);
    const free = float({ default: 0, doc: '' });
    expect(free.rule).toBe('a finite number');
    expect(free.accepts(-Infinity)).toBe(false);
    expect(free.accepts(Number.MAX_VALUE)).toBe(true);
    // The union keeps the finite rule of its float part.
    expect(spec.gamma.accepts(Infinity)).toBe(false);
  });

  it('lists the infinities among the invalid values the contract suite tries', () => {
    expect(float({ default: 1, min: 0, minExclusive: true, doc: '' }).invalid).toContain(Infinity);
    expect(float({ default: 0, doc: '' }).invalid).toEqual(expect.arrayContaining([Infinity, -Infinity]));
  });

  it('accepts Infinity only where a declaration gives it a meaning, and says so in the rule', () => {
    const limit = float({ default: Infinity, min: 0, allowInfinity: true, doc: 'No limit by default.' });
    expect(limit.rule).toBe('a number in [0, Infinity]');
    expect(limit.accepts(Infinity)).toBe(true);
    expect(limit.accepts(-Infinity)).toBe(false);
    expect(limit.invalid).not.toContain(Infinity);
  });
});
