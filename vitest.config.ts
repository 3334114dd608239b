import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import type { Reporter } from 'vitest/reporters';

// Every folder under packages/ is a Vitest project named after it. Absolute
// roots keep this working when vitest is started from a package's folder.
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const packages = readdirSync(packagesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// Resolve workspace packages to their TypeScript source: no build before tests.
const conditions = ['@mlcompare/source', ...defaultServerConditions];

// Prints one plain closing line ("Tests: N passed, N failed, N skipped") and
// fails the run when nothing passed (all skipped/todo, or no tests at all).
const summary: Reporter = {
  onTestRunEnd(testModules) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const { state } = test.result();
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    if (passed === 0) {
      console.error('No test passed: failing the run.');
      process.exitCode = 1;
    }
  },
};

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } }, // this one is what Node-environment tests use
  test: {
    reporters: ['default', summary],
    coverage: { provider: 'v8', include: ['packages/*/src/**/*.ts'], exclude: ['**/*.d.ts'] },
    projects: [
      ...packages.map((name) => ({
        extends: true as const,
        test: { name, root: packagesDir + name, include: ['test/**/*.test.ts'] },
      })),
      // The packed tarballs installed outside the workspace (scripts/release-pack.mjs).
      { extends: true as const, test: { name: 'release', root: fileURLToPath(new URL('./scripts/', import.meta.url)), include: ['test/**/*.test.ts'] } },
    ],
  },
});
