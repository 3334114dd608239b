/**
 * `src/cli-options.ts` called directly (the CLI tests reach it only through whole runs): how
 * `--drop`, `--categorical`, `--missing` and `--delimiter` become a CSV entry's keys, which option
 * values starting with `-` are joined to their option, and `--seed`. Written against the mutants
 * that survived `pnpm mutation packages/bench/src/cli-options.ts` (see MUTATION.md).
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mlcompare/core';
import { csvReadKeys, joinNegativeValues, seedOption } from '../src/cli-options.js';

/** The error `f` throws (a ConfigError), or fails the test. */
function refusal(f: () => unknown): ConfigError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError, got none');
}

describe('csvReadKeys', () => {
  it('gives nothing when none of the four options is given, with or without --data', () => {
    expect(csvReadKeys({})).toEqual({});
    expect(csvReadKeys({ data: 'a.csv', target: 'y', seed: '3' })).toEqual({});
  });

  it('trims column names but keeps a missing-value text exactly as written, spaces too', () => {
    expect(csvReadKeys({ data: 'a.csv', drop: [' id , noise'], categorical: ['zip ', ' state'], missing: [' n.d. ,-999'] })).toEqual({
      drop: ['id', 'noise'],
      categorical: ['zip', 'state'],
      missing: [' n.d. ', '-999'],
    });
  });

  it("takes '' as a missing text (an empty cell), but no empty column name, wherever it is in the list", () => {
    expect(csvReadKeys({ data: 'a.csv', missing: ['', 'NA,'] })).toEqual({ missing: ['', 'NA', ''] });
    for (const key of ['drop', 'categorical']) {
      for (const given of [[',a'], ['a', ' '], ['a,b,']]) {
        expect(refusal(() => csvReadKeys({ data: 'a.csv', [key]: given })).message).toBe(
          `Option '--${key}' names a column with an empty name in '${given.join(',')}'; write the names separated by commas.`,
        );
      }
    }
  });

  it('refuses each of them without --data, naming it and its suite key', () => {
    for (const key of ['drop', 'categorical', 'missing', 'delimiter']) {
      const value = key === 'delimiter' ? ';' : ['x'];
      expect(refusal(() => csvReadKeys({ [key]: value })).message).toBe(
        `--${key} needs --data FILE (it says how that file is read; in a suite, write "${key}" in the CSV entry: { "csv": FILE, "target": COLUMN, "${key}": … }).`,
      );
    }
  });

  it('reads a delimiter as written (tab, space, whitespace) and refuses any other', () => {
    expect(csvReadKeys({ data: 'a.csv', delimiter: 'tab', drop: ['id'] })).toEqual({ delimiter: '\t', drop: ['id'] });
    expect(csvReadKeys({ data: 'a.csv', delimiter: 'whitespace' })).toEqual({ delimiter: 'whitespace' });
    expect(refusal(() => csvReadKeys({ data: 'a.csv', delimiter: '|' })).message).toBe(
      `Option '--delimiter' must be ',', ';', 'tab' (or '\\t'), 'space' (or ' ': one space per break) or 'whitespace' (runs of spaces and tabs), but got '|'.`,
    );
  });
});

describe('joinNegativeValues', () => {
  const options = { seed: { type: 'string' }, missing: { type: 'string' }, 'inner-shuffle': { type: 'boolean' }, out: { type: 'string' } };

  it('joins a string option and a value that is a negative number: -1, -999, -.5, -0.5', () => {
    expect(joinNegativeValues(['--seed', '-1', '--missing', '-.5', '--out', 'r'], options)).toEqual(['--seed=-1', '--missing=-.5', '--out', 'r']);
    expect(joinNegativeValues(['--missing', '-0.5'], options)).toEqual(['--missing=-0.5']);
  });

  it('leaves alone what is not an option then a negative number', () => {
    const same = [
      ['--out', '-x'], // an option, or a typo: parseArgs says which
      ['--out', '-.x'], // not a number
      ['--out', 'a-1'], // does not start with '-'
      ['--out', '.5'], // not negative
      ['--out', '-'], // a lone dash
      ['--inner-shuffle', '-1'], // a flag takes no value
      ['--nope', '-1'], // not an option of the command
      ['-s', '-1'], // a short option
      ['seed', '-1'], // a positional
      ['deseed', '-1'], // a positional whose end is an option's name: only '--' starts an option
      ['--seed=3', '-1'], // the option has its value already
      ['--seed'], // the last argument
    ];
    for (const args of same) expect(joinNegativeValues(args, options), args.join(' ')).toEqual(args);
  });
});

describe('seedOption', () => {
  it('takes any safe integer, negative ones too, and nothing when not given', () => {
    expect(seedOption(undefined)).toBeUndefined();
    expect(seedOption('-1')).toBe(-1);
    expect(seedOption('0')).toBe(0);
    expect(seedOption(' 42 ')).toBe(42);
  });

  it('refuses a blank, a fraction, a word and an unsafe integer, quoting the value', () => {
    for (const bad of ['', ' ', '\t', '1.5', 'x', '9007199254740993', 'Infinity']) {
      expect(refusal(() => seedOption(bad)).message).toBe(`Option '--seed' must be an integer (negative ones too, such as -1), but got '${bad}'.`);
    }
  });
});
