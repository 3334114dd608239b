/**
 * The packages install and run outside this workspace (issue 12): `pnpm release:pack`'s tarballs
 * have real version ranges and ship no sources, source maps, build info or source condition; the
 * core, knn and linear tarballs install with plain npm, offline, into a project in the system's
 * temporary folder; the README's example runs there under Node and type-checks with tsc (strict,
 * NodeNext); and knn and linear bundle with esbuild for the browser and fit and predict in
 * headless Chromium.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorClosure } from './offline-install.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.MLCOMPARE_CHROMIUM ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'mlcompare-release-'));
const release = join(work, 'release');
const project = join(work, 'my-project');
/** The tarballs the scratch project installs: the issue's three, and datasets (its data must travel with it). */
const INSTALLED = ['core', 'knn', 'linear', 'datasets'];
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The README's "Use mlcompare in your own project" section: its TypeScript example and the output it states. */
function readmeExample(): { code: string; output: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use mlcompare in your own project');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const output = /```text\n([\s\S]*?)```/.exec(section)?.[1];
  if (start < 0 || code === undefined || output === undefined) throw new Error('README.md has no "Use mlcompare in your own project" section with a ts example and its text output.');
  return { code, output };
}

/** Runs a command in the scratch project; throws with its output when it fails. */
function sh(cmd: string, args: string[], cwd = project): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A tarball unpacked into a temporary folder: its file list (relative to `package/`), package.json and a reader. */
function tarball(file: string): { files: string[]; pkg: Record<string, unknown>; read: (path: string) => string } {
  const dir = mkdtempSync(join(work, 'unpacked-'));
  execFileSync('tar', ['xzf', file, '-C', dir]);
  const base = join(dir, 'package');
  const files = (readdirSync(base, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((e) => e.isFile())
    .map((e) => relative(base, join(e.parentPath, e.name)));
  const read = (path: string): string => readFileSync(join(base, path), 'utf8');
  return { files, pkg: JSON.parse(read('package.json')) as Record<string, unknown>, read };
}

beforeAll(() => {
  sh('node', [join(ROOT, 'scripts/release-pack.mjs'), '--out', release], ROOT);
}, 300_000);

describe('pnpm release:pack', () => {
  it('packs every workspace package, each installable: real ranges, no private flag, no src, maps, build info or source condition', () => {
    const names = readdirSync(join(ROOT, 'packages')).filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')));
    const tgz = readdirSync(release).filter((f) => f.endsWith('.tgz'));
    expect(tgz.sort()).toEqual(names.map((n) => `mlcompare-${n}-0.1.0.tgz`).sort());
    for (const f of tgz) {
      const { files, pkg, read } = tarball(join(release, f));
      const text = JSON.stringify(pkg);
      expect(text, f).not.toContain('workspace:');
      expect(text, f).not.toContain('@mlcompare/source');
      expect(text, f).not.toContain('./src/');
      expect(pkg.private, f).toBeUndefined();
      expect(files.filter((p) => p.endsWith('.map') || p.endsWith('.tsbuildinfo') || p.startsWith('src/')), f).toEqual([]);
      expect(files, f).toContain('dist/index.js');
      expect(files, f).toContain('dist/index.d.ts');
      for (const p of files.filter((x) => x.endsWith('.js') || x.endsWith('.d.ts'))) expect(read(p), `${f}: ${p}`).not.toMatch(/sourceMappingURL/);
    }
    expect((tarball(join(release, 'mlcompare-knn-0.1.0.tgz')).pkg.dependencies as Record<string, string>)['@mlcompare/core']).toBe('^0.1.0');
    // The data sets travel with @mlcompare/datasets.
    expect(tarball(join(release, 'mlcompare-datasets-0.1.0.tgz')).files).toContain('datasets/manifest.json');
  }, 60_000);
});

describe('a project outside the repository', () => {
  beforeAll(() => {
    const overrides = vendorClosure(INSTALLED.map((p) => join(ROOT, 'packages', p)), join(project, 'vendor'));
    const dependencies = Object.fromEntries(INSTALLED.map((p) => [`@mlcompare/${p}`, `file:${join(release, `mlcompare-${p}-0.1.0.tgz`)}`]));
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-project', private: true, type: 'module', dependencies, overrides }, null, 2));
    // Offline, with an empty cache and an unreachable registry: only the files on disk can be used.
    sh('npm', ['install', '--offline', '--cache', join(work, 'npm-cache'), '--registry', 'http://127.0.0.1:9/', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel', 'error']);
  }, 300_000);

  it("installs with plain npm: our packages, not links into this repository", () => {
    const ls = JSON.parse(sh('npm', ['ls', '--json', '--offline'])) as { dependencies: Record<string, { version: string; resolved: string }> };
    for (const p of INSTALLED) {
      expect(ls.dependencies[`@mlcompare/${p}`]!.version).toBe('0.1.0');
      expect(readFileSync(join(project, 'node_modules', '@mlcompare', p, 'package.json'), 'utf8')).not.toContain('workspace:');
    }
    expect(existsSync(join(project, 'node_modules', 'ml-knn', 'package.json'))).toBe(true);
  });

  it('@mlcompare/datasets finds the bundled data sets it ships (not a path into this repository)', () => {
    writeFileSync(join(project, 'data.mjs'), "import { datasetsDir, loadDataset } from '@mlcompare/datasets';\nconst d = await loadDataset('iris');\nconsole.log(d.X.rows, datasetsDir());\n");
    expect(sh('node', ['data.mjs'])).toBe(`150 ${join(project, 'node_modules/@mlcompare/datasets/datasets/')}\n`);
  });

  it("runs the README's k-NN example under Node and prints what the README says", () => {
    const { code, output } = readmeExample();
    writeFileSync(join(project, 'example.mjs'), code);
    expect(sh('node', ['example.mjs'])).toBe(output);
  });

  it('type-checks the example with tsc (strict, NodeNext, library checks on)', () => {
    writeFileSync(join(project, 'example.ts'), readmeExample().code);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: [] }, files: ['example.ts'] }),
    );
    sh(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json']);
    // The check bites: a wrong parameter type is an error.
    writeFileSync(join(project, 'bad.ts'), "import { KNNClassifier } from '@mlcompare/knn';\nnew KNNClassifier({ nNeighbors: 'three' });\n");
    writeFileSync(join(project, 'tsconfig.bad.json'), JSON.stringify({ extends: './tsconfig.json', files: ['bad.ts'] }));
    const bad = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.bad.json'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/bad\.ts\(2,\d+\): error TS2322/);
  }, 60_000);

  it('bundles @mlcompare/knn and @mlcompare/linear for the browser (no node: modules) and fits and predicts in headless Chromium', async () => {
    writeFileSync(
      join(project, 'browser.mjs'),
      `import { KNNClassifier } from '@mlcompare/knn';
import { LinearRegression, LogisticRegression } from '@mlcompare/linear';
globalThis.demo = async () => {
  const knn = await new KNNClassifier({ nNeighbors: 3 }).fit([[0, 0], [0, 1], [1, 0], [5, 5], [5, 6], [6, 5]], ['a', 'a', 'a', 'b', 'b', 'b']);
  const lin = await new LinearRegression().fit([[0], [1], [2], [3]], [1, 3, 5, 7]);
  const log = await new LogisticRegression().fit([[0], [1], [2], [8], [9], [10]], [0, 0, 0, 1, 1, 1]);
  return {
    knn: await knn.predict([[0.2, 0.4], [5.5, 5.2]]),
    knnBackend: knn.backend,
    linear: await lin.predict([[4], [10]]),
    logistic: await log.predict([[0.5], [9.5]]),
    node: typeof process !== 'undefined',
  };
};`,
    );
    const out = await build({ entryPoints: [join(project, 'browser.mjs')], bundle: true, platform: 'browser', format: 'iife', write: false, logLevel: 'silent', absWorkingDir: project });
    const bundle = out.outputFiles[0]!.text;
    expect(bundle).not.toMatch(/["']node:/);
    if (!existsSync(CHROMIUM)) throw new Error(`The browser test needs Chromium at ${CHROMIUM} ('sudo apt-get install -y chromium', or set MLCOMPARE_CHROMIUM).`);
    const userDataDir = join(work, 'chromium');
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent('<!doctype html><title>mlcompare in a browser</title>');
      await page.addScriptTag({ content: bundle });
      const result = (await page.evaluate('globalThis.demo()')) as { knn: string[]; knnBackend: string; linear: number[]; logistic: number[]; node: boolean };
      expect(errors).toEqual([]);
      expect(result.node).toBe(false);
      expect(result.knn).toEqual(['a', 'b']);
      expect(result.knnBackend).toBe('wasm-simd');
      expect(result.linear[0]).toBeCloseTo(9, 10);
      expect(result.linear[1]).toBeCloseTo(21, 10);
      expect(result.logistic).toEqual([0, 1]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
