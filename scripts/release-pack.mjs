#!/usr/bin/env node
// `pnpm release:pack`: builds every package and packs each into an installable tarball in
// release/ (`release/mlcompare-knn-0.1.0.tgz`, …) that plain npm, pnpm or yarn install outside
// this repository. Each package is staged first (release/stage/<name>/), as it will be published:
//   - package.json: `workspace:*` → `^<version>` of that package, no `private`, no scripts or
//     devDependencies, and exports without the `@mlcompare/source` condition (src/ is not shipped);
//   - dist/ without `.tsbuildinfo` and without source maps (they point at the unshipped src/), and
//     the `//# sourceMappingURL` comments that name them removed;
//   - @mlcompare/datasets also ships the bundled data sets (datasets/ of the repository).
// Then `npm pack` packs the staged folders; the script checks every tarball's file list and exits
// 1 on anything that would not install (a workspace range, a source condition, a map, a build
// info file).
//   node scripts/release-pack.mjs [--out DIR] [--skip-build]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outArg = args.indexOf('--out');
const out = resolve(root, outArg >= 0 ? (args[outArg + 1] ?? 'release') : 'release');
const skipBuild = args.includes('--skip-build');

function fail(message) {
  console.error(`release:pack: ${message}`);
  process.exit(1);
}

function run(cmd, cmdArgs, what, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
  if (r.error) fail(`${what} could not start (${cmd}): ${r.error.message}`);
  if (r.status !== 0) fail(`${what} failed (${cmd} ${cmdArgs.join(' ')} exited with ${r.status ?? r.signal}).`);
  return r.stdout;
}

/** Every workspace package: its folder and package.json. */
function workspacePackages() {
  const dir = join(root, 'packages');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'package.json')))
    .map((d) => ({ dir: join(dir, d.name), pkg: JSON.parse(readFileSync(join(dir, d.name, 'package.json'), 'utf8')) }))
    .sort((a, b) => a.pkg.name.localeCompare(b.pkg.name));
}

/** `workspace:*` / `workspace:^` / `workspace:~` / `workspace:1.2.3` → a real range of that package's version. */
function realRange(spec, name, versions, owner) {
  if (typeof spec !== 'string' || !spec.startsWith('workspace:')) return spec;
  const version = versions.get(name);
  if (version === undefined) fail(`${owner} depends on ${name}@${spec}, which is not a package of this workspace.`);
  const rest = spec.slice('workspace:'.length);
  if (rest === '*' || rest === '^') return `^${version}`;
  if (rest === '~') return `~${version}`;
  return rest;
}

/** The exports map without the `@mlcompare/source` condition (its targets, src/, are not shipped). */
function publishedExports(value) {
  if (Array.isArray(value)) return value.map(publishedExports);
  if (value === null || typeof value !== 'object') return value;
  const outObj = {};
  for (const [k, v] of Object.entries(value)) if (k !== '@mlcompare/source') outObj[k] = publishedExports(v);
  return outObj;
}

/** Copies dist/ without build info and source maps, removing the comments that point at the maps. */
function copyDist(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) {
      copyDist(src, dst);
      continue;
    }
    if (entry.name.endsWith('.map') || entry.name.endsWith('.tsbuildinfo')) continue;
    mkdirSync(to, { recursive: true });
    if (entry.name.endsWith('.js') || entry.name.endsWith('.d.ts')) {
      const text = readFileSync(src, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      writeFileSync(dst, text);
    } else cpSync(src, dst);
  }
}

const packages = workspacePackages();
const versions = new Map(packages.map((p) => [p.pkg.name, p.pkg.version]));
if (!skipBuild) run(join(root, 'node_modules', '.bin', 'tsc'), ['-b'], 'the build (tsc -b)', { stdio: ['ignore', 'inherit', 'inherit'] });

const stageRoot = join(out, 'stage');
rmSync(stageRoot, { recursive: true, force: true });
mkdirSync(stageRoot, { recursive: true });
const staged = [];
for (const { dir, pkg } of packages) {
  const dist = join(dir, 'dist');
  if (!existsSync(join(dist, 'index.js'))) fail(`${pkg.name} has no dist/index.js after the build: is it in the root tsconfig.json references?`);
  const stage = join(stageRoot, pkg.name.replace(/^@/, '').replace('/', '-'));
  copyDist(dist, join(stage, 'dist'));
  const files = ['dist'];
  for (const f of ['README.md', 'LICENSE']) if (existsSync(join(dir, f))) cpSync(join(dir, f), join(stage, f));
  if (pkg.name === '@mlcompare/datasets') {
    // The bundled CSVs, folds and scikit-learn reference scores: datasetsDir() finds them in the package.
    cpSync(join(root, 'datasets'), join(stage, 'datasets'), { recursive: true });
    files.push('datasets');
  }
  const { private: _private, scripts: _scripts, devDependencies: _dev, ...rest } = pkg;
  const published = { ...rest, files, exports: publishedExports(pkg.exports) };
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    if (!published[field]) continue;
    published[field] = Object.fromEntries(Object.entries(published[field]).map(([name, spec]) => [name, realRange(spec, name, versions, pkg.name)]));
  }
  const text = JSON.stringify(published, null, 2) + '\n';
  if (text.includes('workspace:')) fail(`${pkg.name}: a workspace: range is left in the packed package.json.`);
  if (text.includes('@mlcompare/source') || text.includes('./src/')) fail(`${pkg.name}: the packed exports still point at src/.`);
  writeFileSync(join(stage, 'package.json'), text);
  staged.push(stage);
}

mkdirSync(out, { recursive: true });
const json = run('npm', ['pack', ...staged, '--pack-destination', out, '--ignore-scripts', '--json', '--loglevel', 'error'], 'npm pack');
const packed = JSON.parse(json);
for (const p of packed) {
  const bad = p.files.map((f) => f.path).filter((f) => f.endsWith('.map') || f.endsWith('.tsbuildinfo') || f.startsWith('src/'));
  if (bad.length > 0) fail(`${p.filename} ships ${bad.join(', ')}.`);
}
rmSync(stageRoot, { recursive: true, force: true });
for (const p of packed) {
  const size = statSync(join(out, p.filename)).size;
  console.log(`${relative(process.cwd(), join(out, p.filename))}  ${p.name}@${p.version}  ${p.entryCount} files, ${(size / 1024).toFixed(0)} KiB`);
}
