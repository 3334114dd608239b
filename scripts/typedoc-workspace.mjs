// TypeDoc plugin (typedoc.config.mjs "plugin"): makes the "referenced but not exported" check
// (validation.notExported) cover every package of the workspace.
//
// With entryPointStrategy "resolve" (all packages/*/src/index.ts in one program, no build needed),
// TypeDoc names the project after the root package.json ("mlcompare") and skips that check for any
// type whose package differs from the project's: here, every type of ours ("@mlcompare/bench", …).
// So a public signature could name a type its package does not export and nothing would say so.
// Once conversion is done, this marks the references to our own packages' types as the project's
// own, and the check applies to them as it would in a single-package project.
import { Converter, makeRecursiveVisitor } from 'typedoc';

const SCOPE = '@mlcompare/';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const visitor = makeRecursiveVisitor({
      reference(type) {
        if (type.package?.startsWith(SCOPE)) type.package = project.packageName;
      },
    });
    const visit = (type) => type?.visit(visitor);
    for (const refl of Object.values(project.reflections)) {
      visit(refl.type);
      visit(refl.default);
      visit(refl.overwrites);
      visit(refl.inheritedFrom);
      visit(refl.implementationOf);
      for (const t of refl.implementedTypes ?? []) visit(t);
      for (const t of refl.extendedTypes ?? []) visit(t);
    }
  });
}
