/**
 * How the WebAssembly GEMM cuts a product: into blocks whose operands fit its memory budget (k cut only
 * at multiples of the kernel's slice depth KC, so every entry keeps its summation order), and each block's
 * C into a grid of chunks for the threads to claim.
 */

/** The kernel's micro-tile and slice depth (assembly/gemm.ts: MR = NR = 4, KC = 256). */
export const TILE = 4;
export const KC = 256;

/** Doubles of operands (A, B and C blocks together) the memory holds at most: 128 MiB. */
export const OPERAND_BUDGET = 1 << 24;

export const roundUp = (x: number, q: number): number => Math.ceil(x / q) * q;

/** Doubles the operands of an mb×kb by kb×nb block take in the memory (C padded to whole tiles). */
export function operandDoubles(mb: number, nb: number, kb: number): number {
  return mb * kb + kb * nb + roundUp(mb, TILE) * roundUp(nb, TILE);
}

/** Block sizes (rows, columns, depth) for an m×n×k product within budget doubles. */
export function planBlocks(m: number, n: number, k: number, budget = OPERAND_BUDGET): { mb: number; nb: number; kb: number } {
  let mb = m;
  let nb = n;
  let kb = k;
  while (operandDoubles(mb, nb, kb) > budget) {
    if (kb > KC && kb >= mb && kb >= nb) kb = roundUp(Math.ceil(kb / 2), KC);
    else if (mb > TILE && mb >= nb) mb = roundUp(Math.ceil(mb / 2), TILE);
    else if (nb > TILE) nb = roundUp(Math.ceil(nb / 2), TILE);
    else if (kb > KC) kb = roundUp(Math.ceil(kb / 2), KC);
    else break;
  }
  return { mb, nb, kb };
}

/** Smallest chunk side worth a claim of its own. */
const MIN_CHUNK = 64;

/**
 * Chunk rows and columns for a rows×cols C on threads threads: about chunksPerThread chunks a thread (so
 * a thread slowed by other work hands its share to the rest), halving the longer side each time.
 */
export function chunkGrid(rows: number, cols: number, threads: number, chunksPerThread = 4): { chunkRows: number; chunkCols: number } {
  let r = 1;
  let s = 1;
  while (r * s < threads * chunksPerThread) {
    const h = rows / r;
    const w = cols / s;
    if (h >= w && h >= 2 * MIN_CHUNK) r *= 2;
    else if (w >= 2 * MIN_CHUNK) s *= 2;
    else if (h >= 2 * MIN_CHUNK) r *= 2;
    else break;
  }
  return { chunkRows: roundUp(Math.ceil(rows / r), TILE), chunkCols: roundUp(Math.ceil(cols / s), TILE) };
}
