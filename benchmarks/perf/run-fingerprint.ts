/**
 * What tying a run to its data costs (issue 11): `loadCsv` now also streams the file through
 * SHA-256 (`contentHash`), and the runner hashes generated data (`datasetHash`). Prints each
 * time and its ratio to the load it goes with. Median of `--runs`.
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/run-fingerprint.ts [--rows 300000] [--cols 20] [--runs 3]
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Rng } from '@mlcompare/core';
import { generateDataset, loadCsv } from '@mlcompare/datasets';
import { datasetHash } from '@mlcompare/bench';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '300000' }, cols: { type: 'string', default: '20' }, runs: { type: 'string', default: '3' } } });
const rows = Number(values.rows);
const cols = Number(values.cols);
const runs = Number(values.runs);

const dir = mkdtempSync(join(tmpdir(), 'mlcompare-fp-'));
const file = join(dir, 'big.csv');
const rng = new Rng(1);
const lines = [[...Array(cols).keys()].map((j) => `x${j}`).concat('y').join(',')];
for (let i = 0; i < rows; i++) lines.push([...Array(cols)].map(() => rng.normal().toFixed(6)).concat(String(rng.int(2))).join(','));
writeFileSync(file, lines.join('\n') + '\n');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
async function time(f: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await f();
  return performance.now() - t;
}
async function sha(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

const load: number[] = [];
const hash: number[] = [];
const gen: number[] = [];
const dhash: number[] = [];
for (let r = 0; r < runs; r++) {
  load.push(await time(() => loadCsv(file, { target: 'y' })));
  hash.push(await time(() => sha(file)));
  let ds = generateDataset('moons', { nSamples: rows });
  gen.push(await time(() => (ds = generateDataset('moons', { nSamples: rows }))));
  dhash.push(await time(() => datasetHash(ds)));
}
const f = (ms: number): string => `${ms.toFixed(0)} ms`;
console.log(`CSV ${rows} rows × ${cols} columns (${existsSync(file) ? (lines.join('\n').length / 1e6).toFixed(0) : '?'} MB), median of ${runs}:`);
console.log(`  loadCsv (with contentHash)   ${f(median(load))}`);
console.log(`  SHA-256 of the bytes alone   ${f(median(hash))}   ratio to the load: ${(median(hash) / median(load)).toFixed(3)}`);
console.log(`moons, ${rows} samples:`);
console.log(`  generate                     ${f(median(gen))}`);
console.log(`  datasetHash                  ${f(median(dhash))}   ratio to generating: ${(median(dhash) / median(gen)).toFixed(3)}`);
rmSync(dir, { recursive: true, force: true });
