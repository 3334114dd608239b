// The library a user selects is the one called: engine 'ml-cart' trains and predicts through
// ml-cart's classes, the default engine never touches them.
import { DecisionTreeClassifier as MlCartClassifier, DecisionTreeRegression as MlCartRegression } from 'ml-cart';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DecisionTreeClassifier, DecisionTreeRegressor } from '../src/index.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const X = [[0, 0], [0, 1], [1, 0], [1, 1], [5, 5], [5, 6], [6, 5], [6, 6]];

describe("engine: 'ml-cart' calls ml-cart", () => {
  it('the classifier trains and predicts with ml-cart DecisionTreeClassifier', async () => {
    const train = vi.spyOn(MlCartClassifier.prototype, 'train');
    const predict = vi.spyOn(MlCartClassifier.prototype, 'predict');
    const m = await new DecisionTreeClassifier({ engine: 'ml-cart' }).fit(X, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
    expect(train).toHaveBeenCalledTimes(1);
    expect(await m.predict([[0.5, 0.5], [5.5, 5.5]])).toEqual(['a', 'b']);
    expect(predict).toHaveBeenCalledTimes(1);
    train.mockClear();
    predict.mockClear();
    const own = await new DecisionTreeClassifier().fit(X, ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']);
    await own.predict([[0.5, 0.5]]);
    expect(train).not.toHaveBeenCalled();
    expect(predict).not.toHaveBeenCalled();
  });

  it('the regressor trains and predicts with ml-cart DecisionTreeRegression', async () => {
    const train = vi.spyOn(MlCartRegression.prototype, 'train');
    const predict = vi.spyOn(MlCartRegression.prototype, 'predict');
    const y = [0, 0, 0, 0, 10, 10, 10, 10];
    const m = await new DecisionTreeRegressor({ engine: 'ml-cart' }).fit(X, y);
    expect(train).toHaveBeenCalledTimes(1);
    expect(await m.predict([[0.5, 0.5], [5.5, 5.5]])).toHaveLength(2);
    expect(predict).toHaveBeenCalledTimes(1);
    train.mockClear();
    await (await new DecisionTreeRegressor().fit(X, y)).predict([[0.5, 0.5]]);
    expect(train).not.toHaveBeenCalled();
  });
});
