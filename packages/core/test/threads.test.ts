import { afterEach, describe, expect, it } from 'vitest';
import { InputError, MAX_THREAD_BUDGET, setThreadBudget, threadBudget } from '../src/index.js';

describe('thread budget', () => {
  afterEach(() => setThreadBudget(undefined));

  it('uses the detected count when no budget is set, and the budget when one is', () => {
    expect(threadBudget(2)).toBe(2);
    expect(threadBudget(7)).toBe(7);
    setThreadBudget(1);
    expect(threadBudget(2)).toBe(1);
    setThreadBudget(3);
    expect(threadBudget(2)).toBe(3);
    setThreadBudget(undefined);
    expect(threadBudget(5)).toBe(5);
  });

  it('ignores a detected count that is not a whole number ≥ 1 and caps it', () => {
    const fallback = threadBudget();
    expect(fallback).toBeGreaterThanOrEqual(1);
    expect(threadBudget(0)).toBe(fallback);
    expect(threadBudget(Number.NaN)).toBe(fallback);
    expect(threadBudget(1.5)).toBe(fallback);
    expect(threadBudget(10_000)).toBe(MAX_THREAD_BUDGET);
  });

  it.each([0, -1, 1.5, Number.NaN, MAX_THREAD_BUDGET + 1, '2' as unknown as number])('refuses %s with a coded error naming the argument', (bad) => {
    expect(() => setThreadBudget(bad)).toThrow(InputError);
    expect(() => setThreadBudget(bad)).toThrow(/Argument 'threads' passed to 'setThreadBudget' must be a whole number from 1 to 256/);
    expect(threadBudget(2)).toBe(2);
  });

  it('accepts the bounds', () => {
    setThreadBudget(MAX_THREAD_BUDGET);
    expect(threadBudget(2)).toBe(MAX_THREAD_BUDGET);
    setThreadBudget(1);
    expect(threadBudget(2)).toBe(1);
  });
});
