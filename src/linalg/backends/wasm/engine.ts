/**
 * The WebAssembly GEMM engine: one memory (shared when it has helper threads), the kernel instantiated
 * over it, and its helpers. A product is cut into blocks that fit the memory (blocks.ts); for each block
 * the calling thread copies the operands in, runs the block — alone, or as a job whose chunks every thread
 * claims (protocol.ts) — and copies C back out. The memory stays at the size of the largest block so far
 * (at most OPERAND_BUDGET doubles of operands plus each thread's packing scratch).
 *
 * Every entry of C is summed in the kernel's one order (assembly/gemm.ts), whatever the blocks, chunks or
 * threads: the plain SIMD build agrees bit for bit with the TypeScript GEMM, the FMA build with itself.
 */
import type { GemmBinaries } from './binary.js';
import { builtGemmBinaries } from './built.node.js';
import { chunkGrid, KC, OPERAND_BUDGET, operandDoubles, planBlocks, roundUp, TILE } from './blocks.js';
import { compileGemmKernel, instantiateGemm, type GemmExports, type GemmKernel } from './kernel.js';
import { copyBlockIn, loadC, storeC } from './operands.js';
import { awaitJob, CONTROL_BYTES, controlAt, drainJob, publishJob, startedHelpers, stopHelpers, type Control } from './protocol.js';
import * as team from './team.node.js';
import type { HelperTeam } from './team.js';
import { PAGE_BYTES, wasmApi, type WasmMemory } from './wasmApi.js';

export interface WasmGemmOptions {
  /** Threads counting the caller (default: the environment's, team.node.ts). */
  threads?: number;
  /** The kernels (default: this build's; null or malformed → no engine). */
  binaries?: GemmBinaries | null;
  /** Whether the relaxed-SIMD (FMA) build may be used where the engine validates it (default true). */
  fma?: boolean;
  /** Doubles of operands a block may take (default OPERAND_BUDGET; smaller cuts products finer). */
  budget?: number;
}

export interface WasmGemm {
  /** Threads that compute a product, the caller included. */
  readonly threads: number;
  /** Whether the kernel accumulates with fused multiply-adds. */
  readonly fma: boolean;
  /**
   * LinalgBackend.dgemm's contract (row-major, leading dimensions, β = 0 does not read C). With lower, only
   * entries on and below the diagonal are guaranteed (a symmetric product; the rest are unspecified).
   */
  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number, lower?: boolean,
  ): void;
  /** Helper threads serving so far (they start asynchronously; until then the caller computes their share). */
  startedHelpers(): number;
  /** Stops the helper threads; the engine must not be used afterwards. */
  close(): void;
}

/** Below this many multiply-adds a block is not worth a job for the helpers (measured: 128³ is slower on two threads, 192³ faster). */
const THREADED_FLOPS = 160 ** 3;

const align = (x: number, q: number): number => Math.ceil(x / q) * q;

class Engine implements WasmGemm {
  private f64: Float64Array;
  private ctl: Control;
  private readonly operands: number;
  private closed = false;

  constructor(
    readonly threads: number,
    readonly fma: boolean,
    private readonly memory: WasmMemory,
    private readonly ex: GemmExports,
    private readonly control: number,
    private readonly pack: number,
    private readonly packStride: number,
    private readonly helpers: HelperTeam | null,
    private readonly budget: number,
  ) {
    this.operands = pack + threads * packStride;
    this.f64 = new Float64Array(memory.buffer);
    this.ctl = controlAt(memory.buffer, control);
  }

  /** Grows the memory to hold bytes; refreshes the views. */
  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    if (this.f64.buffer !== this.memory.buffer || this.f64.length * 8 !== this.memory.buffer.byteLength) {
      this.f64 = new Float64Array(this.memory.buffer);
      this.ctl = controlAt(this.memory.buffer, this.control);
    }
  }

  gemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number, lower = false,
  ): void {
    if (this.closed) throw new Error('internal error: the WebAssembly GEMM was closed');
    if (m === 0 || n === 0) return;
    const { mb, nb, kb } = planBlocks(m, n, k, this.budget);
    this.reserve(this.operands + 8 * operandDoubles(mb, nb, Math.max(kb, 1)));
    for (let r0 = 0; r0 < m; r0 += mb) {
      const rows = Math.min(mb, m - r0);
      for (let s0 = 0; s0 < n; s0 += nb) {
        const cols = Math.min(nb, n - s0);
        if (lower && s0 > r0 + rows - 1) continue;
        this.block(transA, transB, r0, rows, s0, cols, k, kb, alpha, a, lda, b, ldb, beta, c, ldc, lower);
      }
    }
  }

  /** C[r0:r0+rows, s0:s0+cols] ← α·op(A)·op(B) + β·C over all of k, in depth slices of kb. */
  private block(
    transA: boolean, transB: boolean, r0: number, rows: number, s0: number, cols: number, k: number, kb: number,
    alpha: number, a: Float64Array, lda: number, b: Float64Array, ldb: number, beta: number, c: Float64Array, ldc: number, lower: boolean,
  ): void {
    const f = this.f64;
    const ldw = roundUp(cols, TILE);
    const cAt = this.operands / 8;
    loadC(c, ldc, r0, s0, rows, cols, beta, f, cAt, ldw);
    if (alpha !== 0) {
      const aAt = cAt + roundUp(rows, TILE) * ldw;
      for (let q0 = 0; q0 < k; q0 += kb) {
        const depth = Math.min(kb, k - q0);
        const bAt = aAt + rows * depth;
        if (transA) copyBlockIn(a, lda, q0, r0, depth, rows, f, aAt);
        else copyBlockIn(a, lda, r0, q0, rows, depth, f, aAt);
        if (transB) copyBlockIn(b, ldb, s0, q0, cols, depth, f, bAt);
        else copyBlockIn(b, ldb, q0, s0, depth, cols, f, bAt);
        const [lda2, ldb2] = [transA ? rows : depth, transB ? depth : cols];
        this.run(transA, transB, rows, cols, depth, alpha, aAt * 8, lda2, bAt * 8, ldb2, cAt * 8, ldw, lower, r0 - s0);
      }
    }
    storeC(f, cAt, ldw, c, ldc, r0, s0, rows, cols);
  }

  private run(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, c: number, ldc: number, lower: boolean, diag: number,
  ): void {
    const tA = transA ? 1 : 0;
    const tB = transB ? 1 : 0;
    if (this.helpers === null || m * n * k < THREADED_FLOPS) {
      this.ex.gemmBlock(tA, tB, m, n, k, alpha, a, lda, b, ldb, c, ldc, 0, m, 0, n, lower ? 1 : 0, diag, this.pack);
      return;
    }
    const { chunkRows, chunkCols } = chunkGrid(m, n, this.threads);
    const job = { transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, chunkRows, chunkCols, lower, diag };
    const total = publishJob(this.ctl, job, this.pack, this.packStride);
    drainJob(this.ex, this.ctl, 0);
    if (!awaitJob(this.ctl, total)) throw new Error('internal error: a WebAssembly GEMM thread failed');
  }

  startedHelpers(): number {
    return this.helpers === null ? 0 : startedHelpers(this.ctl);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.helpers !== null) {
      stopHelpers(this.ctl);
      this.helpers.close();
    }
  }
}

/** Pages the memory may need at most: the control block, every thread's scratch and a full budget. */
function maximumPages(operands: number, budget: number): number {
  return Math.ceil((operands + 8 * budget) / PAGE_BYTES) + 1;
}

function build(kernel: GemmKernel, threads: number, budget: number): WasmGemm | null {
  const api = wasmApi();
  if (api === null) return null;
  try {
    // Probe the layout with a one-page memory, then make the real one with its maximum.
    const probe = instantiateGemm(kernel.module, new api.Memory({ initial: 1, maximum: 1, shared: kernel.shared }));
    if (probe === null) return null;
    const control = align(probe.heapBase(), 64);
    const pack = align(control + CONTROL_BYTES, 64);
    const packStride = align(probe.packBytes(), 64);
    const operands = pack + threads * packStride;
    const memory = new api.Memory({ initial: Math.ceil(operands / PAGE_BYTES), maximum: maximumPages(operands, budget), shared: kernel.shared });
    const ex = instantiateGemm(kernel.module, memory);
    if (ex === null) return null;
    const helpers = threads > 1 ? team.startHelpers(kernel.module, memory, control, threads - 1) : null;
    return new Engine(helpers === null ? 1 : threads, kernel.fma, memory, ex, control, pack, packStride, helpers, budget);
  } catch {
    return null;
  }
}

/**
 * A WebAssembly GEMM, or null where this engine cannot run one (no WebAssembly or no SIMD, kernels not
 * built or invalid). Threads fall back to one where shared memory or threads are unavailable.
 */
export function createWasmGemm(options: WasmGemmOptions = {}): WasmGemm | null {
  const binaries = options.binaries === undefined ? builtGemmBinaries : options.binaries;
  const threads = Math.max(1, Math.floor(options.threads ?? team.defaultThreads()));
  const fma = options.fma ?? true;
  const budget = Math.min(OPERAND_BUDGET, Math.max(operandDoubles(TILE, TILE, KC), Math.floor(options.budget ?? OPERAND_BUDGET)));
  if (threads > 1 && typeof SharedArrayBuffer === 'function') {
    const kernel = compileGemmKernel(binaries, true, fma);
    const engine = kernel === null ? null : build(kernel, threads, budget);
    if (engine !== null) return engine;
  }
  const kernel = compileGemmKernel(binaries, false, fma);
  return kernel === null ? null : build(kernel, 1, budget);
}
