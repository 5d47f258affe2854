/**
 * Recycled buffers for a computation that runs again and again at the same sizes (a tangent kernel, a
 * training step). A large buffer's first touch costs page faults — about 3 ms per 16 MiB on 4 KiB pages,
 * and several times that in a virtual machine — which for the activations and Grams of one kernel is as
 * much as its arithmetic. Inside `run`, every large buffer (accelerators.ts allocateF64) that the previous
 * run of the same workspace used is handed out again, zero-filled; the ones `run` allocated anew are kept
 * for the next run. Nothing allocated inside `run` may outlive it: results that escape are allocated
 * before `run`, or inside `outside`. A run holds at most maxBytes of buffers: past that it lets go of all
 * of them (a long loop inside one run, a tiled kernel of 20 000 inputs, would otherwise pin every
 * buffer it ever made) and keeps nothing for the next.
 */
import { setBufferSource, type BufferSource } from './accelerators.js';

export class Workspace implements BufferSource {
  private free = new Map<number, Float64Array[]>();
  private used: Float64Array[] = [];
  private usedBytes = 0;
  private overflowed = false;
  private running = false;

  /** maxBytes: a run that used more keeps nothing for the next (so a one-off large job does not pin memory). */
  constructor(readonly maxBytes = 2 ** 30) {}

  take(n: number): Float64Array | undefined {
    const list = this.free.get(n);
    const a = list?.pop();
    if (a === undefined) return undefined;
    a.fill(0);
    this.hold(a);
    return a;
  }

  record(a: Float64Array): void {
    this.hold(a);
  }

  /** Bytes of buffers the current run holds for the next (at most maxBytes). */
  get heldBytes(): number {
    return this.usedBytes;
  }

  private hold(a: Float64Array): void {
    if (this.overflowed) return;
    this.usedBytes += a.byteLength;
    if (this.usedBytes > this.maxBytes) {
      this.used = [];
      this.usedBytes = 0;
      this.overflowed = true;
      return;
    }
    this.used.push(a);
  }

  /**
   * Runs fn with this workspace's buffers; see the module comment. Runs of different workspaces nest (the
   * inner one serves); a run of this workspace inside itself just runs fn.
   */
  run<T>(fn: () => T): T {
    if (this.running) return fn();
    this.running = true;
    const previous = setBufferSource(this);
    try {
      return fn();
    } finally {
      setBufferSource(previous);
      // Keep exactly what this run used (buffers it did not take again are dropped), if not too much.
      this.free = new Map();
      if (!this.overflowed) {
        for (const a of this.used) {
          const list = this.free.get(a.length);
          if (list) list.push(a);
          else this.free.set(a.length, [a]);
        }
      }
      this.used = [];
      this.usedBytes = 0;
      this.overflowed = false;
      this.running = false;
    }
  }

  /** Drops the kept buffers. */
  release(): void {
    this.free = new Map();
  }

  /** Bytes kept for the next run. */
  get keptBytes(): number {
    let b = 0;
    for (const list of this.free.values()) for (const a of list) b += a.byteLength;
    return b;
  }
}

/** Runs fn with no workspace serving: what it allocates may outlive the surrounding run. */
export function outside<T>(fn: () => T): T {
  const previous = setBufferSource(null);
  try {
    return fn();
  } finally {
    setBufferSource(previous);
  }
}
