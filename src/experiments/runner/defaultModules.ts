/**
 * Point-kind modules that `overparam sweep` always imports, so the lab's own kinds need no --module.
 * Each entry is a module URL, written relative to this file so it resolves inside dist/ (and build/):
 * e.g. `new URL('../claims/du2019.js', import.meta.url).href`. A module added here must register its
 * kinds at top level (registry.ts) and must not import anything from cli/.
 */
export const DEFAULT_POINT_MODULES: readonly string[] = [
  // kernel, train, diversity (experiments/kinds/*.ts)
  new URL('../kinds/index.js', import.meta.url).href,
];
