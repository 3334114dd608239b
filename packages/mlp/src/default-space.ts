/** The default search space of the multi-layer perceptrons (see the README's table for the source). */
import type { SearchSpace } from '@mlcompare/core';

/** Hidden-layer shapes: 1 to 3 layers of 16, 64 or 256 units (auto-sklearn: depth 1–3, 16–264 units on a log scale). */
const layers: number[][] = [];
for (const depth of [1, 2, 3]) for (const width of [16, 64, 256]) layers.push(new Array<number>(depth).fill(width));

/**
 * mlr3tuningspaces has no network; this is auto-sklearn's `MLPClassifier` component space (Feurer
 * et al.): 1–3 hidden layers of 16–264 units (log scale; here a grid of 16, 64, 256), activation
 * tanh or relu, alpha in [1e-5, 1] and learningRateInit in [1e-4, 0.5], both on a log scale; Adam,
 * batch size 'auto', no early stopping (our defaults).
 */
export const mlpDefaultSpace: SearchSpace = {
  hiddenLayerSizes: { kind: 'values', values: layers },
  activation: { kind: 'values', values: ['tanh', 'relu'] },
  alpha: { kind: 'float', low: 1e-5, high: 1, log: true },
  learningRateInit: { kind: 'float', low: 1e-4, high: 0.5, log: true },
};
