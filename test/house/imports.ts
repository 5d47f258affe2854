/**
 * The house's layering (DESIGN.md, "The house"), checked from the imports: every top-level folder of
 * src/ has a rank, data flows downward, so a file may import only from its own folder or from folders
 * of lower rank; two folders of one rank (train/ and probes/, kernels/ and theory/) may not import each
 * other both ways; and no files import each other in a cycle, within a folder or across.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/** Ranks, highest first as DESIGN.md draws the house; the loose files at the bottom import nothing above. */
export const RANKS: Readonly<Record<string, number>> = {
  'index.ts': 10,
  cli: 9,
  web: 9,
  report: 8,
  experiments: 7,
  train: 6,
  probes: 6,
  kernels: 5,
  theory: 5,
  models: 4,
  nn: 3,
  data: 2,
  io: 2,
  plots: 1,
  stats: 1,
  linalg: 0,
  'errors.ts': -1,
  'version.ts': -1,
  'packageRoot.ts': -1,
};

/** One source file: its path relative to the root (posix separators) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

export interface ImportEdge {
  from: string;
  to: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

/** The relative imports of every file (static, re-exports, type-only, side-effect and dynamic), resolved to .ts paths. */
export function importEdges(files: readonly SourceFile[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const f of files) {
    for (const m of f.text.matchAll(SPECIFIER)) {
      const to = posix.normalize(posix.join(posix.dirname(f.path), m[1])).replace(/\.js$/, '.ts');
      edges.push({ from: f.path, to });
    }
  }
  return edges;
}

/**
 * The place of a path relative to the repository: a top-level folder or loose file of src/ ("train",
 * "index.ts"), or "web" for the playground's sources under web/.
 */
export function topOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'src' ? parts[1] : parts[0];
}

/** Every breach of the layering, one line each; empty when the house holds. */
export function layeringBreaches(files: readonly SourceFile[], ranks: Readonly<Record<string, number>> = RANKS): string[] {
  const out: string[] = [];
  const tops = new Set(files.map((f) => topOf(f.path)));
  for (const t of [...tops].sort()) if (!(t in ranks)) out.push(`${t} has no place in the house (give it a rank)`);
  const edges = importEdges(files);
  const between = new Map<string, string[]>();
  for (const e of edges) {
    const a = topOf(e.from);
    const b = topOf(e.to);
    if (a === b || !(a in ranks) || !(b in ranks)) continue;
    if (ranks[a] < ranks[b]) out.push(`upward import: ${e.from} imports ${e.to} (${a} sits below ${b})`);
    const key = `${a}\u0000${b}`;
    between.set(key, [...(between.get(key) ?? []), e.from]);
  }
  for (const [key, from] of between) {
    const [a, b] = key.split('\u0000');
    const back = between.get(`${b}\u0000${a}`);
    if (ranks[a] === ranks[b] && back !== undefined && a < b) {
      out.push(`${a} and ${b} import each other: ${[...new Set(from)].join(', ')} and ${[...new Set(back)].join(', ')} (move the shared contract below both)`);
    }
  }
  for (const cycle of importCycles(files.map((f) => f.path), edges)) out.push(`import cycle: ${cycle.join(' → ')}`);
  return out;
}

/** The strongly connected components of more than one file (Tarjan, iterative), each sorted. */
export function importCycles(paths: readonly string[], edges: readonly ImportEdge[]): string[][] {
  const known = new Set(paths);
  const next = new Map<string, string[]>(paths.map((p) => [p, []]));
  for (const e of edges) if (known.has(e.to)) next.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of paths) {
    if (index.has(root)) continue;
    const work: { v: string; i: number }[] = [{ v: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const succ = next.get(top.v)!;
      if (top.i < succ.length) {
        const w = succ[top.i++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ v: w, i: 0 });
        } else if (onStack.has(w)) low.set(top.v, Math.min(low.get(top.v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.v)!));
      }
      if (low.get(top.v) === index.get(top.v)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
        } while (w !== top.v);
        if (comp.length > 1 || next.get(top.v)!.includes(top.v)) cycles.push(comp.sort());
      }
    }
  }
  return cycles;
}

/** The .ts files under repoRoot/dir, with paths relative to repoRoot (posix separators). */
export function readSources(repoRoot: string, dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push({ path: relative(repoRoot, p).split(sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(repoRoot, dir));
  return out;
}

