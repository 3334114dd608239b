#!/usr/bin/env node
// Prints the mutation score per file from Stryker's JSON report, one line per file, sorted by
// path: `node scripts/mutation-score.mjs [reports/mutation/mutation.json]`.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/mutation/mutation.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.error(`mutation-score: cannot read the Stryker JSON report '${file}' (${e.code ?? e.message}). Run 'pnpm mutation' first.`);
  process.exit(2);
}

// Stryker's mutation score: detected (Killed, Timeout) over valid mutants (all but
// CompileError, RuntimeError and Ignored); NoCoverage and Survived count against it.
const DETECTED = new Set(['Killed', 'Timeout']);
const INVALID = new Set(['CompileError', 'RuntimeError', 'Ignored']);
const rows = [];
const total = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, valid: 0 };
for (const [path, { mutants }] of Object.entries(report.files ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
  const c = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, valid: 0 };
  for (const m of mutants) {
    if (INVALID.has(m.status)) continue;
    c.valid++;
    if (m.status === 'Killed') c.killed++;
    else if (m.status === 'Timeout') c.timeout++;
    else if (m.status === 'Survived') c.survived++;
    else if (m.status === 'NoCoverage') c.noCoverage++;
  }
  for (const k of Object.keys(total)) total[k] += c[k];
  rows.push([path, c]);
}
const score = (c) => (c.valid === 0 ? '—' : `${((100 * (c.killed + c.timeout)) / c.valid).toFixed(1)} %`);
const width = Math.max(5, ...rows.map(([p]) => p.length));
const line = (p, c) =>
  `${p.padEnd(width)}  ${score(c).padStart(7)}  ${String(c.killed).padStart(6)}  ${String(c.timeout).padStart(7)}  ${String(c.survived).padStart(8)}  ${String(c.noCoverage).padStart(8)}  ${String(c.valid).padStart(5)}`;
console.log(`${'file'.padEnd(width)}  ${'score'.padStart(7)}  ${'killed'.padStart(6)}  ${'timeout'.padStart(7)}  ${'survived'.padStart(8)}  ${'no cover'.padStart(8)}  ${'valid'.padStart(5)}`);
for (const [p, c] of rows) console.log(line(p, c));
console.log(line('all files', total));
