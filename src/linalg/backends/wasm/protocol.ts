/**
 * How the threads of one WebAssembly GEMM share a product, through a control block in their shared
 * memory. The calling thread publishes a job (the operands already copied in) as a grid of chunks — blocks
 * of rows × columns of C, never slices of k — and every thread, the caller included, claims chunks with one
 * atomic add until none is left; the caller then waits until all are done. Which thread computes a chunk
 * changes nothing in it, so results do not depend on the thread count.
 *
 * Claims carry the job's tag (high 16 bits of the counter), so a claim that a slow thread makes after its
 * job ended is recognised and dropped: a claim counts only if the tag read before and after the job's
 * size is its own, and the job is rewritten only after its tag is withdrawn (see publishJob).
 */
import type { GemmExports } from './kernel.js';

/** Int32 words of the control block. */
const GEN = 0; // bumped for every job and for stop; idle threads wait on it
const NEXT = 1; // tag << 16 | next chunk to claim
const DONE = 2; // chunks finished in this job
const STOP = 3;
const FAILED = 4;
const TAG = 5; // the current job's tag, or NO_TAG while a job is being written
const TOTAL = 6;
const TRANS_A = 7;
const TRANS_B = 8;
const M = 9;
const N = 10;
const K = 11;
const A = 12;
const LDA = 13;
const B = 14;
const LDB = 15;
const C = 16;
const LDC = 17;
const CHUNK_ROWS = 18;
const CHUNK_COLS = 19;
const GRID_COLS = 20;
const LOWER = 21;
const DIAG = 22;
const PACK = 23;
const PACK_STRIDE = 24;
const STARTED = 25; // helpers serving
/** Float64 word (alpha) at this byte offset of the block. */
const ALPHA_BYTE = 256;
const NO_TAG = -1;

/** Bytes of the control block (a multiple of 64). */
export const CONTROL_BYTES = 512;
/** At most this many chunks a job: the claim counter stays below the tag bits. */
export const MAX_CHUNKS = 4096;

/** A product C += α·op(A)·op(B) on operands in the memory (byte offsets), cut into a grid of chunks. */
export interface GemmJob {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: number;
  lda: number;
  b: number;
  ldb: number;
  c: number;
  ldc: number;
  /** Rows and columns of C per chunk (multiples of the micro-tile). */
  chunkRows: number;
  chunkCols: number;
  /** Only the tiles that reach the diagonal (shifted by diag = row − column offset) or below. */
  lower: boolean;
  diag: number;
}

/** One thread's view of the control block. */
export interface Control {
  readonly words: Int32Array;
  readonly alpha: Float64Array;
}

export function controlAt(buffer: ArrayBuffer | SharedArrayBuffer, byteOffset: number): Control {
  return { words: new Int32Array(buffer, byteOffset, ALPHA_BYTE / 4), alpha: new Float64Array(buffer, byteOffset + ALPHA_BYTE, 1) };
}

/** Writes the job and opens it to claims (calling thread; the previous job must be finished). */
export function publishJob(ctl: Control, job: GemmJob, pack: number, packStride: number): number {
  const w = ctl.words;
  const gridRows = Math.ceil(job.m / job.chunkRows);
  const gridCols = Math.ceil(job.n / job.chunkCols);
  const total = gridRows * gridCols;
  if (total > MAX_CHUNKS) throw new Error(`internal error: ${total} chunks in one GEMM job`);
  const tag = (Atomics.load(w, GEN) + 1) & 0x7fff;
  Atomics.store(w, TAG, NO_TAG);
  w[TRANS_A] = job.transA ? 1 : 0;
  w[TRANS_B] = job.transB ? 1 : 0;
  w[M] = job.m;
  w[N] = job.n;
  w[K] = job.k;
  w[A] = job.a;
  w[LDA] = job.lda;
  w[B] = job.b;
  w[LDB] = job.ldb;
  w[C] = job.c;
  w[LDC] = job.ldc;
  w[CHUNK_ROWS] = job.chunkRows;
  w[CHUNK_COLS] = job.chunkCols;
  w[GRID_COLS] = gridCols;
  w[LOWER] = job.lower ? 1 : 0;
  w[DIAG] = job.diag;
  w[PACK] = pack;
  w[PACK_STRIDE] = packStride;
  ctl.alpha[0] = job.alpha;
  Atomics.store(w, DONE, 0);
  Atomics.store(w, FAILED, 0);
  Atomics.store(w, TOTAL, total);
  Atomics.store(w, TAG, tag);
  Atomics.store(w, NEXT, tag << 16);
  Atomics.add(w, GEN, 1);
  Atomics.notify(w, GEN);
  return total;
}

/** Claims one chunk of the current job: its index, or −1 if there is none (or the claim is stale). */
function claim(w: Int32Array): number {
  const v = Atomics.add(w, NEXT, 1);
  const tag = v >>> 16;
  if (Atomics.load(w, TAG) !== tag) return -1;
  const total = Atomics.load(w, TOTAL);
  if (Atomics.load(w, TAG) !== tag) return -1;
  const chunk = v & 0xffff;
  return chunk < total ? chunk : -1;
}

function runChunk(ex: GemmExports, ctl: Control, chunk: number, thread: number): void {
  const w = ctl.words;
  const gridCols = w[GRID_COLS];
  const i0 = Math.floor(chunk / gridCols) * w[CHUNK_ROWS];
  const j0 = (chunk % gridCols) * w[CHUNK_COLS];
  const i1 = Math.min(w[M], i0 + w[CHUNK_ROWS]);
  const j1 = Math.min(w[N], j0 + w[CHUNK_COLS]);
  ex.gemmBlock(
    w[TRANS_A], w[TRANS_B], w[M], w[N], w[K], ctl.alpha[0], w[A], w[LDA], w[B], w[LDB], w[C], w[LDC],
    i0, i1, j0, j1, w[LOWER], w[DIAG], w[PACK] + thread * w[PACK_STRIDE],
  );
}

/** Computes chunks of the current job until none is left to claim. */
export function drainJob(ex: GemmExports, ctl: Control, thread: number): void {
  const w = ctl.words;
  for (;;) {
    const chunk = claim(w);
    if (chunk < 0) return;
    try {
      runChunk(ex, ctl, chunk, thread);
    } catch {
      Atomics.store(w, FAILED, 1);
    }
    if (Atomics.add(w, DONE, 1) + 1 === Atomics.load(w, TOTAL)) Atomics.notify(w, DONE);
  }
}

/** Blocks until every chunk of the job is done; false if one failed (calling thread). */
export function awaitJob(ctl: Control, total: number): boolean {
  const w = ctl.words;
  for (;;) {
    const done = Atomics.load(w, DONE);
    if (done >= total) break;
    Atomics.wait(w, DONE, done);
  }
  return Atomics.load(w, FAILED) === 0;
}

/** A helper thread's life: wait for a job, help with it, until stopped. Never returns before the stop. */
export function serveJobs(ex: GemmExports, ctl: Control, thread: number): void {
  const w = ctl.words;
  Atomics.add(w, STARTED, 1);
  for (;;) {
    const seen = Atomics.load(w, GEN);
    if (Atomics.load(w, STOP) !== 0) return;
    drainJob(ex, ctl, thread);
    Atomics.wait(w, GEN, seen);
  }
}

/** How many helpers have started serving. */
export function startedHelpers(ctl: Control): number {
  return Atomics.load(ctl.words, STARTED);
}

/** Tells every helper to end (calling thread). */
export function stopHelpers(ctl: Control): void {
  Atomics.store(ctl.words, STOP, 1);
  Atomics.add(ctl.words, GEN, 1);
  Atomics.notify(ctl.words, GEN);
}
