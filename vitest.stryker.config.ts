// The Vitest configuration Stryker runs (see stryker.config.mjs): the repository's own, with
// only the projects of the packages being mutated, and every `@mlcompare/*` import aliased to
// this folder's sources. Stryker runs the tests in a copy of the repository (its sandbox); without
// the aliases, a test in package A importing `@mlcompare/core` follows A's node_modules symlink
// back to the original, unmutated core, and no mutant in core could be killed from A.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';
// @ts-expect-error -- a plain .mjs module shared with stryker.config.mjs; it has no types
import { projectsFor, selectedTargets } from './scripts/mutation-targets.mjs';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));

/** `@mlcompare/<pkg>[/subpath]` → this folder's source file, read from each package's exports. */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync(packagesDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const manifest = JSON.parse(readFileSync(`${packagesDir}${dir.name}/package.json`, 'utf8')) as {
      name: string;
      exports?: Record<string, unknown>;
    };
    for (const [sub, target] of Object.entries(manifest.exports ?? {})) {
      const source = (target as Record<string, unknown> | null)?.['@mlcompare/source'];
      if (typeof source !== 'string') continue;
      const spec = manifest.name + sub.slice(1); // '.' → name, './testing' → name/testing
      aliases.push({ find: new RegExp(`^${spec.replace(/[/.]/g, '\\$&')}$`), replacement: `${packagesDir}${dir.name}/${source.slice(2)}` });
    }
  }
  return aliases;
}

const wanted = new Set<string>(projectsFor(selectedTargets()));
const projects = (base.test?.projects ?? []).filter(
  (p) => typeof p === 'object' && 'test' in p && wanted.has(String(p.test?.name)),
);

export default mergeConfig(
  { ...base, test: { ...base.test, projects: [] } },
  defineConfig({
    resolve: { alias: sourceAliases() },
    test: { projects },
  }),
);
