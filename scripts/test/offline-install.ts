/**
 * Installing our tarballs with plain npm without the network: every third-party package they
 * need is packed from this workspace's own installed copy (pnpm's store, the same versions the
 * lockfile pins) into `vendor/*.tgz`, and the scratch project's `overrides` point npm at those
 * files, so `npm install --offline` with an empty cache resolves everything from disk.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A third-party package in the dependency closure. */
interface Node {
  name: string;
  version: string;
  /** Its dependencies: name → the folder of the copy it resolves to. */
  deps: Map<string, string>;
}

/** Where Node's resolution from `fromDir` finds `name` (pnpm: a sibling in the virtual store). */
function findDep(fromDir: string, name: string): string {
  for (let d = fromDir; d !== dirname(d); d = dirname(d)) {
    const c = basename(d) === 'node_modules' ? join(d, name) : join(d, 'node_modules', name);
    if (existsSync(join(c, 'package.json'))) return realpathSync(c);
  }
  throw new Error(`Cannot find the installed package '${name}' from ${fromDir}: run 'pnpm install' first.`);
}

/** Whether Node's resolution from `fromDir` finds `name`. */
function installed(fromDir: string, name: string): boolean {
  try {
    findDep(fromDir, name);
    return true;
  } catch {
    return false;
  }
}

function readPkg(dir: string): { name: string; version: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
}

/** The tarball name `npm pack` gives a package (`@scope/name` → `scope-name-1.0.0.tgz`). */
export function tarballName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`;
}

/**
 * Packs the third-party dependency closure of some workspace packages into `vendorDir` (one `npm
 * pack` call) and returns the `overrides` that make npm take them: one entry per package name, and
 * a nested entry where a dependent needs another version than the one chosen for the name.
 * @param packageDirs - the workspace packages' folders (their `@mlcompare/*` dependencies are skipped: they come as our own tarballs).
 * @param vendorDir - where the tarballs go (inside the scratch project; overrides are relative to it).
 * @returns npm `overrides` for the scratch project's package.json.
 */
export function vendorClosure(packageDirs: readonly string[], vendorDir: string): Record<string, string | Record<string, string>> {
  const nodes = new Map<string, Node>();
  const visit = (dir: string): Map<string, string> => {
    const pkg = readPkg(dir);
    const deps = new Map<string, string>();
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      if (name.startsWith('@mlcompare/')) continue;
      // An optional dependency built for another platform (piscina's @napi-rs/nice-darwin-x64…)
      // is not installed here: npm skips it the same way.
      if (!pkg.dependencies?.[name] && !installed(dir, name)) continue;
      const d = findDep(dir, name);
      deps.set(name, d);
      if (!nodes.has(d)) {
        const p = readPkg(d);
        const node: Node = { name: p.name, version: p.version, deps: new Map() };
        nodes.set(d, node);
        node.deps = visit(d);
      }
    }
    return deps;
  };
  const roots = packageDirs.map((d) => ({ name: readPkg(d).name, deps: visit(d) }));
  mkdirSync(vendorDir, { recursive: true });
  const r = spawnSync('npm', ['pack', ...nodes.keys(), '--pack-destination', vendorDir, '--ignore-scripts', '--loglevel', 'error'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm pack of the vendored dependencies failed: ${r.stderr}`);
  const file = (dir: string): string => {
    const n = nodes.get(dir)!;
    return `file:${basename(vendorDir)}/${tarballName(n.name, n.version)}`;
  };
  // One copy per name: the one most dependents use; the others go under their dependents.
  const uses = new Map<string, Map<string, number>>();
  for (const owner of [...nodes.values(), ...roots]) {
    for (const [name, dir] of owner.deps) {
      const m = uses.get(name) ?? new Map<string, number>();
      m.set(dir, (m.get(dir) ?? 0) + 1);
      uses.set(name, m);
    }
  }
  const chosen = new Map([...uses].map(([name, m]) => [name, [...m].sort((a, b) => b[1] - a[1])[0]![0]]));
  const overrides: Record<string, string | Record<string, string>> = {};
  for (const [name, dir] of chosen) overrides[name] = file(dir);
  for (const owner of [...nodes.values(), ...roots]) {
    for (const [name, dir] of owner.deps) {
      if (chosen.get(name) === dir) continue;
      const current = overrides[owner.name];
      const nested = typeof current === 'object' ? current : (overrides[owner.name] = current === undefined ? {} : { '.': current });
      (nested as Record<string, string>)[name] = file(dir);
    }
  }
  return overrides;
}
