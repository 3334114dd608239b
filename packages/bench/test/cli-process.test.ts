/**
 * The CLI as a user drives it: a registry module of their own through `MLCOMPARE_REGISTRY`,
 * predefined folds through `--splits FILE`, and Ctrl-C on a real `mlcompare` process (exit 130,
 * finished results kept, the printed resume command run exactly as printed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, main, type CliIO } from '../src/cli.js';
import { readResults } from '../src/store.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const TINY = fileURLToPath(new URL('./fixtures/suites/tiny.json', import.meta.url));
const REGISTRY = fileURLToPath(new URL('./fixtures/registry.ts', import.meta.url));
const GATED_REGISTRY = fileURLToPath(new URL('./fixtures/gated-registry.ts', import.meta.url));
/** tsx's ESM loader, by absolute URL so the CLI starts from any folder. */
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

const root = mkdtempSync(join(tmpdir(), 'mlcompare-cliproc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const savedEnv = { ...process.env };
afterEach(() => {
  for (const k of ['MLCOMPARE_REGISTRY', 'INIT_CWD', 'npm_lifecycle_event']) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

/** The CLI in this process, with no registry given by the caller (so the environment decides). */
async function run(argv: string[], extra: Partial<CliIO> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    cwd: root,
    signal: new AbortController().signal,
    ...extra,
  };
  return { code: await main(argv, io), out, err };
}

/** An environment for a child process without pnpm's script variables (they change the cwd and the hint). */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'INIT_CWD' || k === 'MLCOMPARE_REGISTRY') delete env[k];
  return { ...env, ...extra };
}

function lines(path: string): string[] {
  return existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
}

describe('MLCOMPARE_REGISTRY', () => {
  it('brings the models of a registry module of the user (path relative to the working folder)', async () => {
    process.env['MLCOMPARE_REGISTRY'] = relative(root, REGISTRY);
    const m = await run(['models', 'centroid']);
    expect(m.code).toBe(EXIT_OK);
    expect(m.out).toMatch(/^centroid — JitterCentroid \(classification, /m);
    // The workers load the same module: the run's models are the user's.
    const r = await run(['bench', TINY, '--jobs', '1', '--out', 'env']);
    expect(r.code).toBe(EXIT_OK);
    const res = readResults(join(root, 'env', 'results.jsonl')).results;
    expect(res.map((x) => x.className).sort()).toEqual(['DummyClassifier', 'DummyClassifier', 'JitterCentroid', 'JitterCentroid']);
    expect(res.every((x) => x.status === 'ok')).toBe(true);
  }, 60_000);

  it('without it, the default registry has no test models; a bad one is a coded error naming it', async () => {
    delete process.env['MLCOMPARE_REGISTRY'];
    expect((await run(['models', 'centroid'])).err).toMatch(/^error: Unknown model 'centroid'\. Valid models: .*knn/);
    process.env['MLCOMPARE_REGISTRY'] = 'nowhere/registry.ts';
    const r = await run(['models']);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Cannot load the model registry file:\/\/.*\/nowhere\/registry\.ts: /);
  }, 30_000); // loads the default registry (every model package) in this process: 2 s alone, over 5 s on a loaded machine
});

describe('--splits FILE', () => {
  // iris: 150 rows, 50 per class in order. Three folds of sizes no splitter of the suite would make.
  const even = Array.from({ length: 75 }, (_, i) => 2 * i);
  const odd = even.map((i) => i + 1);
  const rest = Array.from({ length: 140 }, (_, i) => i + 10);
  const folds = [
    { train: odd, test: even.slice(0, 40) },
    { train: even, test: odd.slice(0, 20) },
    { train: rest, test: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
  ];

  it('runs on exactly the predefined folds', async () => {
    writeFileSync(join(root, 'folds.json'), JSON.stringify({ folds }));
    const r = await run(['bench', TINY, '--splits', 'folds.json', '--jobs', '1', '--out', 'splits'], { registryModule: pathToFileURL(REGISTRY).href });
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toMatch(/predefined folds \(.*folds\.json\)/);
    const res = readResults(join(root, 'splits', 'results.jsonl')).results;
    expect(res).toHaveLength(6);
    expect(res.map((x) => `${x.fold}:${x.nTrain}/${x.nTest}`).sort()).toEqual(['0:75/40', '0:75/40', '1:75/20', '1:75/20', '2:140/10', '2:140/10']);
    // The dummy predicts the most frequent training class (the first on a tie, as scikit-learn):
    // fold 0 trains on 25/25/25 → class 0, right on the 25 class-0 rows of its 40 test rows;
    // fold 1 likewise, and its 20 test rows are all class 0; fold 2 trains on 40/50/50 → class 1,
    // and its 10 test rows are class 0.
    const dummy = res.filter((j) => j.model === 'dummy').sort((a, b) => a.fold - b.fold).map((j) => j.metrics['accuracy']);
    expect(dummy).toEqual([25 / 40, 1, 0]);
  }, 60_000);

  it('gets a coded error naming the file and the rule for a bad file', async () => {
    const io = { registryModule: pathToFileURL(REGISTRY).href };
    writeFileSync(join(root, 'overlap.json'), JSON.stringify({ folds: [{ train: [0, 1, 2, 3], test: [3, 4] }] }));
    let r = await run(['bench', TINY, '--splits', 'overlap.json', '--out', 'bad1'], io);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: .*overlap\.json.*train and test must be disjoint, but both contain row 3\./m);
    writeFileSync(join(root, 'broken.json'), '{ "folds": [');
    r = await run(['bench', TINY, '--splits', 'broken.json', '--out', 'bad2'], io);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: .*broken\.json.* not valid JSON/im);
    r = await run(['bench', TINY, '--splits', 'missing.json', '--out', 'bad3'], io);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: Cannot read the split file .*missing\.json/m);
    writeFileSync(join(root, 'outside.json'), JSON.stringify({ folds: [{ train: [0, 1], test: [150] }] }));
    r = await run(['bench', TINY, '--splits', 'outside.json', '--out', 'bad4'], io);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toMatch(/^error: .*outside\.json.*150/m);
    for (const d of ['bad1', 'bad2', 'bad3', 'bad4']) expect(lines(join(root, d, 'results.jsonl')), d).toEqual([]);
  }, 60_000);
});

describe('Ctrl-C', () => {
  it('exits 130 keeping the finished jobs, and the printed resume command finishes the run as printed', async () => {
    const dir = mkdtempSync(join(root, 'sigint-'));
    const gate = join(dir, 'gate');
    writeFileSync(gate, '');
    // centroid's 2 folds finish, then the gated model blocks until the gate file goes.
    const child = spawn(
      process.execPath,
      ['--import', TSX, '--conditions=@mlcompare/source', CLI, 'bench', TINY, '--models', 'centroid,gated', '--jobs', '1', '--out', 'run'],
      { cwd: dir, env: childEnv({ MLCOMPARE_REGISTRY: relative(dir, GATED_REGISTRY), MLCOMPARE_TEST_GATE: gate }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const results = join(dir, 'run', 'results.jsonl');
    try {
      const deadline = Date.now() + 60_000;
      while (lines(results).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(lines(results)).toHaveLength(2);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
    } finally {
      // Never leave the CLI behind when an expectation fails.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    const kept = lines(results).map((l) => JSON.parse(l) as { jobId: string; status: string });
    expect(kept.map((j) => j.jobId)).toEqual(['iris|centroid|r0|f0', 'iris|centroid|r0|f1']);
    expect(kept.every((j) => j.status === 'ok')).toBe(true);
    const cmd = /continue with: (.+)$/m.exec(err)?.[1];
    expect(cmd, err).toBeDefined();

    // Run it exactly as printed, from another folder, without the registry variable in the
    // environment (the command must carry what it needs) and with the gate open.
    unlinkSync(gate);
    const resumed = spawnSync('sh', ['-c', cmd!], { cwd: tmpdir(), env: childEnv({}), encoding: 'utf8', timeout: 90_000 });
    expect(resumed.status, resumed.stderr).toBe(EXIT_OK);
    expect(resumed.stderr).toMatch(/Resuming .*: 2 of 4 jobs already done, 2 to go\./);
    const all = lines(results).map((l) => JSON.parse(l) as { jobId: string; status: string });
    expect(all.map((j) => j.jobId).sort()).toEqual(['iris|centroid|r0|f0', 'iris|centroid|r0|f1', 'iris|gated|r0|f0', 'iris|gated|r0|f1']);
    expect(all.every((j) => j.status === 'ok')).toBe(true);
  }, 150_000);

  it('prints the pnpm form when started by the root script, and that form runs', async () => {
    // `pnpm mlcompare …` typed in a folder other than the repository root.
    process.env['npm_lifecycle_event'] = 'mlcompare';
    process.env['INIT_CWD'] = root;
    process.env['MLCOMPARE_REGISTRY'] = REGISTRY;
    const stopped = new AbortController();
    stopped.abort();
    const r = await run(['bench', TINY, '--jobs', '1', '--out', 'pnpmform'], { signal: stopped.signal });
    expect(r.code).toBe(130);
    const cmd = /continue with: (.+)$/m.exec(r.err)?.[1];
    const rootDir = ROOT.replace(/\/$/, '');
    expect(cmd).toBe(`MLCOMPARE_REGISTRY=${pathToFileURL(REGISTRY).href} pnpm --dir ${rootDir} mlcompare bench --resume ${join(root, 'pnpmform')}`);
    const resumed = spawnSync('sh', ['-c', cmd!], { cwd: root, env: childEnv({}), encoding: 'utf8', timeout: 90_000 });
    expect(resumed.status, resumed.stderr).toBe(EXIT_OK);
    expect(readResults(join(root, 'pnpmform', 'results.jsonl')).results).toHaveLength(4);
  }, 120_000);
});

describe('--out that cannot be written', () => {
  // In a child process: Node's recursive mkdir spun at 100 % CPU for ever under /proc, which would hang the test runner itself.
  it.runIf(process.platform === 'linux')('under /proc: exit 3 at once, naming the folder that takes no new folders', () => {
    for (const out of ['/proc/mlcompare-x/y', '/proc/self/mlcompare-x']) {
      const r = spawnSync(process.execPath, ['--import', TSX, '--conditions=@mlcompare/source', CLI, 'bench', TINY, '--jobs', '1', '--out', out], {
        cwd: root,
        env: childEnv({ MLCOMPARE_REGISTRY: REGISTRY }),
        encoding: 'utf8',
        timeout: 20_000,
        killSignal: 'SIGKILL', // a process spinning in a synchronous mkdir never runs its SIGTERM handler
      });
      expect(r.signal, 'the CLI was still running after 20 s').toBeNull();
      expect(r.status, r.stderr).toBe(3);
      const parent = out.startsWith('/proc/self') ? '/proc/self' : '/proc';
      expect(r.stderr).toContain(`error: Cannot create the run folder '${out}': '${parent}' takes no new folders (it is on proc, a virtual file system of the kernel) (ENOENT). Choose another --out.`);
    }
  }, 130_000);
});

describe('a reader that goes away', () => {
  it("'mlcompare models | head -3': exit 0 and nothing on stderr, not Node's EPIPE stack trace", () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" --import "${TSX}" --conditions=@mlcompare/source "${CLI}" models 2>"${join(root, 'epipe.err')}" | head -3; exit \${PIPESTATUS[0]}`], {
      cwd: root,
      env: childEnv({}),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stdout.split('\n').slice(0, 3).join('\n')).toMatch(/^name +class +task/);
    expect(readFileSync(join(root, 'epipe.err'), 'utf8')).toBe('');
    expect(r.status).toBe(EXIT_OK); // the CLI's own exit code (bash's PIPESTATUS)
  }, 70_000);
});
