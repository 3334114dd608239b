/**
 * Speed and memory of `loadCsv` on a big numeric CSV (issues 5 and 15: 1,000,000 rows × 20
 * columns in at most 3 s, with 17-digit numbers too, peak memory at most twice the data as
 * float64 = 320 MB).
 *
 * For each format (`--formats`, default `fixed6,repr`): writes the file into os.tmpdir() (once;
 * reused while it exists), then loads it in a fresh child process per run so that the peak RSS
 * measured is the load's own (the child reports `process.resourceUsage().maxRSS`, which includes
 * Node and tsx themselves — printed separately as "baseline", and the growth over it as "load").
 * Also times papaparse alone (tokenising the same stream, no conversion) in the same way, as the
 * floor that any papaparse-based reader pays, and loadCsv with a thread budget of one
 * (`loadCsv1`: a big file is otherwise read by two threads, see packages/datasets' README).
 * Runs are interleaved (papa, loadCsv, loadCsv1, papa, …) so
 * that both see the same machine load; each child also reports its CPU time (user + system),
 * which a busy machine inflates far less than the wall time. The load average is printed with
 * the figures.
 *
 * Formats: `fixed6` (`-3.141593`, 6 decimals), `repr` (JavaScript's shortest round-trip text of
 * normal(0, 10) draws: mostly 16–17 significant digits, `-12.345678901234567`), `pandas` (what
 * pandas' to_csv writes for float64, Python's repr: 17 digits, magnitudes from 1e-7 to 1e3, an
 * exponent below 1e-4: `1.2345678901234567e-05`).
 *
 * Run: pnpm --dir benchmarks exec tsx --conditions=@mlcompare/source perf/csv-load.ts [--rows 1000000] [--cols 20] [--runs 3] [--formats fixed6,repr,pandas]
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, openSync, closeSync, writeSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { Rng, setThreadBudget } from '@mlcompare/core';
import { loadCsv } from '@mlcompare/datasets';

const MB = 1e6; // decimal megabytes, as the issue states its target (160 MB of float64 → 320 MB)

// papaparse is a dependency of @mlcompare/datasets, not of the benchmarks: load it from there.
interface PapaLike {
  parse(
    stream: NodeJS.ReadableStream,
    config: { delimiter: string; chunk: (r: { data: string[][] }) => void; complete: () => void; error: (e: Error) => void },
  ): void;
}
const Papa = createRequire(fileURLToPath(import.meta.resolve('@mlcompare/datasets')))('papaparse') as PapaLike;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** Python's repr of a float (what pandas writes): shortest round-trip digits, an exponent below 1e-4 or from 1e16. */
function pythonRepr(v: number): string {
  const [mant, exp] = v.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e >= -4 && e < 16) return Number.isInteger(v) ? `${v}.0` : String(v);
  return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Writes rows × cols numbers (the last column is the target 'y'), seeded, in 10,000-row blocks. */
function generate(path: string, rows: number, cols: number, format: string): void {
  const rng = new Rng(20240501);
  const fd = openSync(path, 'w');
  const header = Array.from({ length: cols }, (_, j) => (j === cols - 1 ? 'y' : `x${j}`));
  writeSync(fd, header.join(',') + '\n');
  let block: string[] = [];
  const cell =
    format === 'repr'
      ? (v: number) => String(v)
      : format === 'pandas'
        ? (v: number) => pythonRepr(v * 10 ** (rng.int(11) - 7))
        : (v: number) => v.toFixed(6);
  for (let i = 0; i < rows; i++) {
    const r = new Array<string>(cols);
    for (let j = 0; j < cols; j++) r[j] = cell(rng.normal(0, 10));
    block.push(r.join(','));
    if (block.length === 10_000) {
      writeSync(fd, block.join('\n') + '\n');
      block = [];
    }
  }
  if (block.length > 0) writeSync(fd, block.join('\n') + '\n');
  closeSync(fd);
}

async function child(mode: string, path: string): Promise<void> {
  const baseline = process.resourceUsage().maxRSS * 1024;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  let cols = 0;
  if (mode === 'loadCsv' || mode === 'loadCsv1') {
    // loadCsv reads a big file with two threads when the thread budget allows; loadCsv1 with one.
    if (mode === 'loadCsv1') setThreadBudget(1);
    const ds = await loadCsv(path, { target: 'y', task: 'regression' });
    rows = ds.X.rows;
    cols = ds.X.cols;
  } else {
    await new Promise<void>((resolve, reject) =>
      Papa.parse(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 }), {
        delimiter: ',',
        chunk: (r) => {
          rows += r.data.length;
          cols = r.data[0]?.length ?? cols;
        },
        complete: () => resolve(),
        error: reject,
      }),
    );
    rows -= 1; // header
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ mode, seconds, cpu: (cpu.user + cpu.system) / 1e6, peak, baseline, rows, cols }) + '\n');
}

interface Result {
  mode: string;
  seconds: number;
  cpu: number;
  peak: number;
  baseline: number;
  rows: number;
  cols: number;
}

function runChild(mode: string, path: string): Result {
  const script = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, script, '--child', mode, path], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (out.status !== 0) throw new Error(`child ${mode} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as Result;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

async function main(): Promise<void> {
  const ci = process.argv.indexOf('--child');
  if (ci >= 0) return child(process.argv[ci + 1]!, process.argv[ci + 2]!);
  const rows = Number(arg('rows', '1000000'));
  const cols = Number(arg('cols', '20'));
  const runs = Number(arg('runs', '3'));
  const formats = arg('formats', arg('format', 'fixed6,repr')).split(',');
  const float64 = rows * cols * 8;
  const summary: string[] = [];
  for (const format of formats) {
    if (!['fixed6', 'repr', 'pandas'].includes(format)) throw new Error(`--formats: unknown format '${format}' (fixed6, repr, pandas)`);
    const path = join(tmpdir(), `mlcompare-csv-load-${rows}x${cols}-${format}.csv`);
    if (!existsSync(path)) {
      const t = performance.now();
      generate(path, rows, cols, format);
      console.log(`wrote ${path} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const bytes = statSync(path).size;
    console.log(`\nfile: ${path} — ${rows} rows × ${cols} columns (${format}), ${(bytes / MB).toFixed(0)} MB; data as float64 ${(float64 / MB).toFixed(0)} MB; load average ${load()}`);
    const modes = ['papa', 'loadCsv', 'loadCsv1'];
    const results: Record<string, Result[]> = { papa: [], loadCsv: [], loadCsv1: [] };
    // Interleaved so that all see the same machine load.
    for (let r = 0; r < runs; r++) {
      for (const mode of modes) results[mode]!.push(runChild(mode, path));
    }
    for (const mode of modes) {
      const rs = results[mode]!;
      const secs = rs.map((x) => x.seconds);
      const cpus = rs.map((x) => x.cpu);
      const peaks = rs.map((x) => x.peak);
      const growth = rs.map((x) => x.peak - x.baseline);
      console.log(
        `${mode.padEnd(8)} time median ${median(secs).toFixed(2)} s (min ${Math.min(...secs).toFixed(2)}, max ${Math.max(...secs).toFixed(2)}) · ` +
          `CPU median ${median(cpus).toFixed(2)} s (min ${Math.min(...cpus).toFixed(2)}) · ` +
          `peak RSS median ${(median(peaks) / MB).toFixed(0)} MB (max ${(Math.max(...peaks) / MB).toFixed(0)}; load's own ${(Math.max(...growth) / MB).toFixed(0)} MB over a baseline of ${(median(rs.map((x) => x.baseline)) / MB).toFixed(0)} MB) · rows ${rs[0]!.rows} × ${rs[0]!.cols}`,
      );
    }
    const lc = results['loadCsv']!;
    const t = median(lc.map((x) => x.seconds));
    const tMin = Math.min(...lc.map((x) => x.seconds));
    const c = median(lc.map((x) => x.cpu));
    const p = Math.max(...lc.map((x) => x.peak));
    const g = Math.max(...lc.map((x) => x.peak - x.baseline));
    const line =
      `${format.padEnd(7)} loadCsv: time ${t.toFixed(2)} s median, ${tMin.toFixed(2)} s min ${tMin <= 3 ? '≤' : '>'} 3 s (CPU ${c.toFixed(2)} s); ` +
      `peak RSS ${(p / MB).toFixed(0)} MB ${p <= 2 * float64 ? '≤' : '>'} ${((2 * float64) / MB).toFixed(0)} MB (${(p / float64).toFixed(2)}× the float64 size; the load's own growth ${(g / float64).toFixed(2)}×); ` +
      `time ratio loadCsv / papaparse alone ${(t / median(results['papa']!.map((x) => x.seconds))).toFixed(2)}; ` +
      `one thread (loadCsv1): ${median(results['loadCsv1']!.map((x) => x.seconds)).toFixed(2)} s median, ${(Math.max(...results['loadCsv1']!.map((x) => x.peak)) / MB).toFixed(0)} MB peak; load average ${load()}`;
    console.log(line);
    summary.push(line);
  }
  console.log('\nsummary:\n' + summary.join('\n'));
}

await main();
