/**
 * The install line of every package README runs as printed (issue 12 review): the packages are
 * not on the npm registry, so `pnpm add @mlcompare/knn` fails with 404 in a user's project, and
 * inside this workspace too (pnpm links a workspace package only with `--workspace`). Each README
 * that says how to install names the release tarballs (`pnpm release:pack`, the root README's
 * "Use mlcompare in your own project") and, for the workspace, `pnpm add --workspace`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES = fileURLToPath(new URL('../../packages/', import.meta.url));
const readmes = readdirSync(PACKAGES).map((p) => ({ name: p, text: readFileSync(join(PACKAGES, p, 'README.md'), 'utf8') }));

describe('package READMEs say an install that works', () => {
  for (const { name, text } of readmes) {
    it(`${name}: no registry install of an @mlcompare package; the tarballs named where installing is said`, () => {
      const installs = text.split('\n').filter((l) => /\b(pnpm add|npm install|npm i|yarn add)\b[^`\n]*@mlcompare\//.test(l));
      // A bare package name goes to the registry, where @mlcompare/* does not exist.
      for (const line of installs) {
        expect(line, `packages/${name}/README.md: ${line}`).toMatch(/--workspace|\.tgz/);
      }
      if (installs.length > 0 || /^## Install/m.test(text)) expect(text, `packages/${name}/README.md`).toContain('pnpm release:pack');
    });
  }
});
