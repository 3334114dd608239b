/**
 * Every option, suite key and command that mlcompare's messages suggest exists as printed
 * (issue 12: `--categorical 'state'` and `--drop '2012'` were suggested and were "Unknown option";
 * `(delimiter: ';' or '\t')` and `(missing: [...])` were API spellings).
 *
 * Two halves. The static one reads every string literal of the sources that print to a user
 * (core, datasets, bench: the TypeScript compiler's own parser finds them) and runs every
 * `--option`, `"key":` and `'mlcompare COMMAND'` they hold. The dynamic one makes real files
 * trigger each CSV note and error that suggests an option, takes the option from the printed
 * text, and runs the command again with it exactly as printed: it must then succeed, and the
 * suggestion must be gone.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { EXIT_OK } from '../src/cli.js';
import { datasetCatalog } from '../src/data.js';
import { models } from '../src/registry.js';
import { parseSuite } from '../src/suite.js';
import { spaceFromJSON } from '@mlcompare/core';
import { runCli, scratchDir, type CliRun } from './helpers/cli.js';

const PACKAGES = fileURLToPath(new URL('../../', import.meta.url));
const registryModule = new URL('./fixtures/registry.ts', import.meta.url).href;
const suitesDir = fileURLToPath(new URL('./fixtures/suites/', import.meta.url));
const root = scratchDir('mlcompare-suggest-');

const run = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd: root, registryModule, suitesDir });

/** Every string literal of a source file, templates with each `${…}` as `X`, with its line. */
function literals(path: string): Array<{ text: string; line: number }> {
  const src = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = node.head.text + node.templateSpans.map((s) => `X${s.literal.text}`).join('');
    if (text !== undefined) out.push({ text, line: src.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    if (!ts.isTemplateExpression(node)) ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

function sources(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(join(dir, e.name));
    }
  };
  for (const pkg of ['core', 'datasets', 'bench']) walk(join(PACKAGES, pkg, 'src'));
  return files;
}

/** Flags of other programs that printed commands hold (`pnpm --dir ROOT mlcompare …`, `node --import tsx`). */
const OTHER_PROGRAMS = new Set(['dir', 'import', 'conditions']);
const COMMANDS = ['bench', 'models', 'datasets', 'report', 'worker'];

describe('every suggestion in the sources exists as printed', () => {
  const found = sources().flatMap((file) => literals(file).map((l) => ({ ...l, where: `${file.slice(PACKAGES.length)}:${l.line}` })));

  it('finds the literals (the scan itself works)', () => {
    expect(found.length).toBeGreaterThan(500);
    expect(found.some((l) => l.text.includes('--drop'))).toBe(true);
  });

  it('each --option is an option of the command it is printed for, and parses with a value', async () => {
    const mentions = new Map<string, { command: string; where: string }>();
    const others = new Set<string>();
    for (const l of found) {
      for (const m of l.text.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)) {
        // the command named last before the option, else bench (the one with data options); in a
        // help text ('Usage: mlcompare X …') the option may also be X's own
        const named = [...l.text.slice(0, m.index).matchAll(/mlcompare (bench|models|datasets|report|worker)\b/g)].pop()?.[1];
        const usage = /^Usage: mlcompare ([a-z]+)/.exec(l.text)?.[1];
        const command = [...new Set([named ?? 'bench', usage ?? named ?? 'bench'])].join('|');
        if (OTHER_PROGRAMS.has(m[1]!)) others.add(m[1]!);
        else mentions.set(`${command} --${m[1]}`, { command, where: l.where });
      }
    }
    expect([...others].sort()).toEqual([...OTHER_PROGRAMS].sort());
    // the options the issue saw missing are among those checked
    for (const o of ['drop', 'categorical', 'missing', 'delimiter', 'task', 'seed']) expect(mentions.has(`bench --${o}`), o).toBe(true);
    for (const [key, { command, where }] of mentions) {
      const option = key.split(' ')[1]!;
      const value = option === '--help' ? [] : [option === '--seed' ? '-1' : 'x']; // --help takes none (and 'worker' no positional to absorb it)
      const tries = await Promise.all(command.split('|').map(async (c) => run(c, option, ...value, '--help')));
      const r = tries.find((t) => t.code === EXIT_OK && t.err === '') ?? tries[0]!;
      expect([r.code, r.err], `${key} (printed at ${where})`).toEqual([EXIT_OK, '']);
    }
  });

  it("each 'mlcompare COMMAND' is a command", async () => {
    const commands = new Set<string>();
    for (const l of found) for (const m of l.text.matchAll(/'mlcompare ([a-z]+)/g)) commands.add(m[1]!);
    expect([...commands].sort()).toEqual([...COMMANDS].sort());
    for (const c of commands) expect((await run(c, '--help')).code, c).toBe(EXIT_OK);
    expect(COMMANDS.every((c) => commands.has(c))).toBe(true);
  });

  it('each "key": of a suite is a key a suite takes, with the value printed', async () => {
    const ctx = { source: 'test.json', baseDir: root, registry: models, catalog: await datasetCatalog() };
    const knn = models.find((m) => m.name === 'knn')!;
    const keys = new Map<string, { json: string; where: string }>();
    for (const l of found) {
      for (const m of l.text.matchAll(/"([a-zA-Z]+)": (\[[^\]]*\]|"[^"]*"|[\w.-]+)/g)) {
        if (m[1] !== 'X') keys.set(m[1]!, { json: m[2]!, where: l.where }); // "X": a key filled in at run time (each is in the list checked below)
      }
    }
    for (const k of ['drop', 'categorical', 'missing', 'delimiter', 'task']) expect(keys.has(k), k).toBe(true);
    // The split file of --splits and "resampling": { "kind": "predefined", "file" } is its own format: { "folds": [{ "train", "test" }] }.
    expect(keys.has('folds')).toBe(true);
    for (const k of ['folds', 'train', 'test']) keys.delete(k);
    for (const [key, { json, where }] of keys) {
      let value: unknown;
      try {
        value = JSON.parse(json.replace(/\bX\b/g, '"x"'));
      } catch {
        value = 'x'; // a placeholder (FILE, COLUMN): only the key is checked
      }
      // where a suite has keys: the top level, a CSV entry, a generator entry, a model entry, resampling, limits
      const places = [
        (): unknown => parseSuite({ datasets: ['iris'], models: ['dummy'], [key]: value }, ctx),
        (): unknown => parseSuite({ datasets: [{ csv: 'data.csv', target: 'y', [key]: value }], models: ['dummy'] }, ctx),
        (): unknown => parseSuite({ datasets: [{ generator: 'moons', [key]: value }], models: ['dummy'] }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: [{ model: 'dummy', [key]: value }] }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: ['dummy'], resampling: { kind: 'kfold', [key]: value } }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: ['dummy'], limits: { [key]: value } }, ctx),
        // tuning: the suite's "tune" object, its budget, inner resampling and halving settings
        (): unknown => parseSuite({ datasets: ['iris'], models: ['knn'], tune: { strategy: 'random', [key]: value } }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: ['knn'], tune: { strategy: 'random', budget: { [key]: value } } }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: ['knn'], tune: { strategy: 'random', inner: { [key]: value } } }, ctx),
        (): unknown => parseSuite({ datasets: ['iris'], models: ['knn'], tune: { strategy: 'halving', halving: { [key]: value } } }, ctx),
        // a parameter's domain in a search space: { "range": [lo, hi] }, { "log": [lo, hi] }, or as
        // run.json records it, { "kind": "values", "values": [...] } / { "kind": "int", "low", "high", "log" }
        (): unknown => {
          const int: Record<string, unknown> = { kind: 'int', low: 1, high: 30, log: false };
          const domains = [{ [key]: [1, 30] }, { kind: 'values', values: [1, 30], [key]: key === 'kind' ? 'values' : [1, 30] }, { ...int, [key]: int[key] ?? value }];
          for (const domain of domains) {
            try {
              return spaceFromJSON({ nNeighbors: domain }, knn.params, 'space');
            } catch {
              // try the next form
            }
          }
          throw new Error(`unknown key '${key}' in a search space`);
        },
      ];
      // or a model name, as a key of limits.maxRows (the whole entry must then parse)
      const maxRowsKey = (): boolean => {
        try {
          parseSuite({ datasets: ['iris'], models: ['dummy'], limits: { maxRows: { [key]: 1000 } } }, ctx);
          return true;
        } catch {
          return false;
        }
      };
      const unknownKey = (f: () => unknown): boolean => {
        try {
          f();
          return false;
        } catch (err) {
          return /unknown key/.test((err as Error).message);
        }
      };
      expect(places.every(unknownKey) && !maxRowsKey(), `"${key}" (printed at ${where})`).toBe(false);
    }
  });

  it('no message spells an option the API way, as (delimiter: …) or (missing: [...])', () => {
    const api = found.filter((l) => /\((?:delimiter|missing|drop|categorical|task): /.test(l.text) || /\b(?:delimiter|missing|drop|categorical|task): \[?'/.test(l.text));
    expect(api.map((l) => `${l.where}: ${l.text}`)).toEqual([]);
  });
});

/** The `--option value` pairs of printed text, values unquoted as a POSIX shell would. */
function suggestedOptions(text: string): string[][] {
  const out: string[][] = [];
  for (const m of text.matchAll(/(?<![\w-])--([a-z][a-z-]*) ('(?:[^']|'\\'')*'|[^\s,;)]+|;)/g)) {
    const raw = m[2]!;
    const value = raw.startsWith("'") ? raw.slice(1, -1).replace(/'\\''/g, "'") : raw;
    out.push([`--${m[1]}`, value]);
  }
  return out;
}

describe('the options a CSV note or error suggests, run as printed', () => {
  let n = 0;
  const csv = (lines: string[]): string => {
    const p = join(root, `s${n++}.csv`);
    writeFileSync(p, lines.join('\n') + '\n');
    return p;
  };
  const rows = (k: number, f: (i: number) => string): string[] => Array.from({ length: k }, (_, i) => f(i));
  const cls = (i: number): string => (i % 2 ? 'a' : 'b');

  // Each case: a file, its target, and the text of the note or error that suggests the option.
  const cases: Array<{ what: string; file: () => string; target: string; says: RegExp; extra?: string[] }> = [
    { what: 'an identifier-like column dropped', file: () => csv(['id,x,label', ...rows(60, (i) => `u${i},${i % 7},${cls(i)}`)]), target: 'label', says: /was dropped: 60 distinct values/ },
    { what: 'integer codes kept numeric', file: () => csv(['code,x,label', ...rows(60, (i) => `${i % 3},${i * 0.5},${cls(i)}`)]), target: 'label', says: /Kept numeric although/ },
    { what: 'a typo in a numeric column', file: () => csv(['x,z,label', ...rows(60, (i) => `${i === 9 ? '3.5O' : i * 0.5},${i % 5},${cls(i)}`)]), target: 'label', says: /is numeric except for 1 of its 60 values/ },
    { what: 'a column missing in every row', file: () => csv(['x,empty,label', ...rows(60, (i) => `${i * 0.5},NA,${cls(i)}`)]), target: 'label', says: /is missing in every row/ },
    { what: 'integer class codes as the target', file: () => csv(['x,z,label', ...rows(60, (i) => `${i * 0.5},${i % 5},${i % 3}`)]), target: 'label', says: /has only 3 distinct integer values, so the task is classification/ },
    { what: 'a ;-file read with the wrong delimiter', file: () => csv(['x;z;label', ...rows(60, (i) => `${i * 0.5};${i % 5};${cls(i)}`)]), target: 'label', says: /The header was read as a single column/, extra: ['--delimiter', ','] },
  ];

  it.each(cases)('$what', async ({ file, target, says, extra = [] }) => {
    const path = file();
    const first = await run('bench', 'tiny', '--data', path, '--target', target, '--models', 'dummy', '--jobs', '1', '--out', `out-${n}-a`, ...extra);
    const line = first.err.split('\n').find((l) => says.test(l));
    expect(line, first.err).toBeDefined();
    const options = suggestedOptions(line!);
    expect(options.length, line).toBeGreaterThan(0);
    // Run again with the suggestion exactly as printed (its first option; the rest say the same in a suite).
    const again = await run('bench', 'tiny', '--data', path, '--target', target, '--models', 'dummy', '--jobs', '1', '--out', `out-${n}-b`, ...extra, ...options[0]!);
    expect(again.code, again.err).toBe(EXIT_OK);
    expect(again.err.split('\n').some((l) => says.test(l)), again.err).toBe(false);
  }, 60_000);

  it('reads options the way a shell passes them', () => {
    expect(suggestedOptions("Keep it with --categorical 'my col' or \"categorical\": [\"my col\"] in a suite.")).toEqual([['--categorical', 'my col']]);
    expect(suggestedOptions("(--delimiter ';' or \"delimiter\": \";\" in a suite; tab, …)")).toEqual([['--delimiter', ';']]);
    expect(suggestedOptions("list it (--missing 3.5O or …)")).toEqual([['--missing', '3.5O']]);
    expect(suggestedOptions("--drop 'it'\\''s'")).toEqual([['--drop', "it's"]]);
  });
});
