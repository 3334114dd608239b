/**
 * Pieces of the `mlcompare bench` command line kept out of cli.ts: how `--data` is read
 * (`--drop`, `--categorical`, `--missing`, `--delimiter`, as a suite's CSV keys), option values
 * that start with `-` (`--seed -1`, `--missing -999`), and `--seed` itself.
 */
import { ConfigError } from '@mlcompare/core';
import type { CsvDelimiter } from '@mlcompare/datasets';
import { DELIMITER_WORDS, delimiterOf } from './suite.js';

/** The options that say how `--data FILE` is read; each may be repeated, and takes a comma list. */
export const CSV_READ_OPTIONS = {
  drop: { type: 'string', multiple: true },
  categorical: { type: 'string', multiple: true },
  missing: { type: 'string', multiple: true },
} as const;

/** What `--data FILE` is read with besides its target: the keys of a suite's CSV entry. */
export interface CsvReadKeys {
  drop?: string[];
  categorical?: string[];
  missing?: string[];
  delimiter?: CsvDelimiter;
}

/**
 * The suite keys that `--drop`, `--categorical`, `--missing` and `--delimiter` give `--data`'s entry.
 * @param values - the parsed options.
 * @returns the keys that were given.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for one of them without `--data`, or a bad delimiter.
 */
export function csvReadKeys(values: Record<string, unknown>): CsvReadKeys {
  const out: CsvReadKeys = {};
  for (const key of ['drop', 'categorical', 'missing', 'delimiter'] as const) {
    const v = values[key];
    if (v === undefined) continue;
    if (values['data'] === undefined) {
      throw new ConfigError(`--${key} needs --data FILE (it says how that file is read; in a suite, write "${key}" in the CSV entry: { "csv": FILE, "target": COLUMN, "${key}": … }).`);
    }
    if (key === 'delimiter') {
      const d = delimiterOf(String(v));
      if (d === undefined) throw new ConfigError(`Option '--delimiter' must be ${DELIMITER_WORDS}, but got '${String(v)}'.`);
      out.delimiter = d;
      continue;
    }
    // Repeatable, and each value a comma list: --drop a,b --drop c. A missing text is kept as
    // written (spaces too); an empty one ('') means an empty cell, which is missing anyway.
    const items = (v as string[]).flatMap((s) => s.split(',')).map((s) => (key === 'missing' ? s : s.trim()));
    const empty = items.findIndex((s) => s === '' && key !== 'missing');
    if (empty >= 0) throw new ConfigError(`Option '--${key}' names a column with an empty name in '${(v as string[]).join(',')}'; write the names separated by commas.`);
    out[key] = items;
  }
  return out;
}

/**
 * Joins a string option and a value that starts with `-` and a digit or `.` (`--seed -1`,
 * `--missing -999`) into one argument (`--seed=-1`): node:util's parseArgs refuses a value that
 * looks like an option, and the user meant a number.
 * @param args - the arguments.
 * @param options - the command's options (only `type: 'string'` ones take a value).
 * @returns the arguments, joined where needed.
 */
export function joinNegativeValues(args: readonly string[], options: Record<string, { type: string; short?: string }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = args[i + 1];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && !name.includes('=') && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * `--seed S`: any integer, negative ones too (a negative seed is just another seed).
 * @param v - the option's value, or undefined.
 * @returns the seed, or undefined when not given.
 * @throws {@link @mlcompare/core!ConfigError | ConfigError} for anything but a safe integer.
 */
export function seedOption(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (String(v).trim() === '' || !Number.isSafeInteger(n)) throw new ConfigError(`Option '--seed' must be an integer (negative ones too, such as -1), but got '${String(v)}'.`);
  return n;
}
