import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from '../src/index.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('', 'ab')).toBe(2);
    expect(editDistance('knn', 'knn')).toBe(0);
    expect(editDistance('knnn', 'knn')).toBe(1); // deletion
    expect(editDistance('kn', 'knn')).toBe(1); // insertion
    expect(editDistance('svn', 'svm')).toBe(1); // substitution
    expect(editDistance('mpl', 'mlp')).toBe(1); // swap
    expect(editDistance('irsi', 'iris')).toBe(1); // swap at the end
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ca', 'abc')).toBe(3); // optimal string alignment, not full Damerau (which gives 2)
  });
  it('is symmetric', () => {
    for (const [a, b] of [['nNeighbors', 'nNieghbours'], ['--foldz', '--folds'], ['x', 'yz']] as const) {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
    }
  });
});

describe('closestName', () => {
  it('prefers a match ignoring case and surrounding spaces', () => {
    expect(closestName('species', ['Sepal Length', 'Species'])).toBe('Species');
    expect(closestName(' Petal ', ['petal', 'petals'])).toBe('petal');
  });
  it('allows 1 edit for 3–4 characters, 2 from 5 on, none below 3', () => {
    expect(closestName('svn', ['knn', 'svm'])).toBe('svm');
    expect(closestName('svnn', ['svm'])).toBeUndefined(); // 2 edits, 4 characters
    expect(closestName('nNeighbor', ['nNeighbors', 'weights'])).toBe('nNeighbors');
    expect(closestName('nNeigbhor', ['nNeighbors'])).toBe('nNeighbors'); // swap + insertion
    expect(closestName('nNeigbhr', ['nNeighbors'])).toBeUndefined(); // 3 edits
    expect(closestName('k', ['C', 'seed'])).toBeUndefined();
    expect(closestName('kk', ['k'])).toBeUndefined();
    expect(closestName('Kk', ['kk'])).toBe('kk');
  });
  it('takes the nearest candidate, the earlier one on a tie', () => {
    expect(closestName('ridgee', ['ridge', 'ridges'])).toBe('ridge');
    expect(closestName('cart', ['carts', 'cards', 'cart2'])).toBe('carts');
    expect(closestName('moonz', ['moons', 'circles', 'blobs'])).toBe('moons');
    expect(closestName('wines', ['iris', 'wine'])).toBe('wine');
  });
  it('returns undefined when nothing is close, or there are no candidates', () => {
    expect(closestName('forest', ['knn', 'svm', 'mlp'])).toBeUndefined();
    expect(closestName('knn', [])).toBeUndefined();
  });
});

describe('didYouMean', () => {
  it('is a sentence to append, or nothing', () => {
    expect(didYouMean('knnn', ['knn', 'svm'])).toBe(" Did you mean 'knn'?");
    expect(didYouMean('forest', ['knn', 'svm'])).toBe('');
  });
});
