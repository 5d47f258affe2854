/**
 * Optional fast paths that a backend may offer beside its dense kernels, looked up lazily so that code
 * below the backend seam (random streams, matrix storage) need not import the registry:
 * - `fillNormalBlocks`: the normals of Rng.fillNormal's whole Philox blocks, the same numbers bit for bit.
 * Without a source (a browser page, or before the registry module loads) there are none, and the callers
 * use their TypeScript paths.
 */

/** out ← the normals of Philox blocks block, block+1, … under key (k0, k1), two a block; out.length even. */
export type BlockNormalFill = (k0: number, k1: number, block: number, out: Float64Array, mean: number, std: number) => void;

export interface Accelerators {
  fillNormalBlocks?: BlockNormalFill;
}

let source: (() => Accelerators) | null = null;
let cached: Accelerators | undefined;

/** Where the fast paths come from (the backend in use); called again whenever the backend changes. */
export function setAcceleratorSource(s: (() => Accelerators) | null): void {
  source = s;
  cached = undefined;
}

export function accelerators(): Accelerators {
  if (cached === undefined) cached = source ? source() : {};
  return cached;
}

/** Buffers from 2 MiB up are recycled by the workspace running (workspace.ts). */
export const LARGE_BUFFER = 1 << 18;

/** Hands out recycled buffers while a Workspace runs (set by workspace.ts). */
export interface BufferSource {
  /** A zero-filled buffer of n entries whose pages are already touched, or undefined. */
  take(n: number): Float64Array | undefined;
  /** Records a buffer allocated while it runs, to recycle afterwards. */
  record(a: Float64Array): void;
}

let workspace: BufferSource | null = null;

/** @internal: the running workspace (workspace.ts). */
export function setBufferSource(w: BufferSource | null): BufferSource | null {
  const previous = workspace;
  workspace = w;
  return previous;
}

/**
 * A zero-filled Float64Array of n entries. Large ones come from the running workspace where it has a
 * buffer of that size, else are V8's own. With `touch`, a new large buffer's pages are written once here
 * (in one thread, not inside a multithreaded BLAS call).
 */
export function allocateF64(n: number, touch = false): Float64Array {
  if (n < LARGE_BUFFER) return new Float64Array(n);
  const recycled = workspace?.take(n);
  if (recycled) return recycled;
  const a = new Float64Array(n);
  if (touch) a.fill(0);
  workspace?.record(a);
  return a;
}
