#!/usr/bin/env node
// `pnpm mutation [FILE[:LINES]…] [-- stryker options]`: runs StrykerJS on the given files, or on
// the default targets (scripts/mutation-targets.mjs), then prints the score per file.
//   pnpm mutation                                   every default target
//   pnpm mutation packages/core/src/metrics.ts      one file (MLCOMPARE_MUTATE=a,b does the same)
//   pnpm mutation packages/datasets/src/csv.ts:71-84
// Reports: reports/mutation/mutation.html and .json; incremental state in
// reports/stryker-incremental.json (unchanged mutants and tests are not re-run).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dash = args.indexOf('--');
const files = dash >= 0 ? args.slice(0, dash) : args.filter((a) => !a.startsWith('-'));
const passThrough = dash >= 0 ? args.slice(dash + 1) : args.filter((a) => a.startsWith('-'));

for (const f of files) {
  const path = f.replace(/:[\d:-]+$/, '');
  if (!existsSync(join(root, path))) {
    console.error(`mutation: the target '${f}' does not exist (paths are relative to the repository root, e.g. packages/core/src/metrics.ts).`);
    process.exit(2);
  }
}
const env = { ...process.env };
if (files.length > 0) env.MLCOMPARE_MUTATE = files.join(',');

const started = Date.now();
const stryker = join(root, 'node_modules', '.bin', 'stryker');
const run = spawnSync(stryker, ['run', 'stryker.config.mjs', ...passThrough], { cwd: root, env, stdio: 'inherit' });
const seconds = (Date.now() - started) / 1000;
console.log(`\nmutation: Stryker took ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);
if (run.status === 0) spawnSync(process.execPath, [join(root, 'scripts', 'mutation-score.mjs')], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
