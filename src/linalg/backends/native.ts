/**
 * The native backend: the N-API addon native/build/Release/overparam_native.node (CBLAS/LAPACKE over
 * OpenBLAS on Linux, Accelerate on macOS), built by scripts/install-native.mjs. Its functions take
 * exactly the arguments of the LinalgBackend methods and work in place on the Float64Arrays given
 * (subarray views included); they throw TypeError/RangeError on misuse rather than crash.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from '../../packageRoot.js';
import type { LinalgBackend } from '../backend.js';
import { chooseOpenblasCore } from './openblasCore.js';

/** The addon's exports (native/src/addon.cc). */
interface NativeAddon {
  dgemm: LinalgBackend['dgemm'];
  dgemv: LinalgBackend['dgemv'];
  dsyrk: LinalgBackend['dsyrk'];
  dsyev: LinalgBackend['dsyev'];
  dsyevr: LinalgBackend['dsyevr'];
  dpotrf: LinalgBackend['dpotrf'];
  dpotrs: LinalgBackend['dpotrs'];
  dgeqr: LinalgBackend['dgeqr'];
  /** The BLAS library (e.g. "OpenBLAS 0.3.21 (pthread, Haswell)") and the threads it uses now. */
  info(): { library: string; threads: number };
  /** Sets the BLAS thread count (OpenBLAS; a no-op elsewhere). */
  setThreads(n: number): void;
  /** Rng.fillNormal's whole-block normals (normals.cc), bit for bit. */
  fillNormalBlocks: NonNullable<LinalgBackend['fillNormalBlocks']>;
}

/** The native backend, plus control of its BLAS threads. */
export interface NativeLinalgBackend extends LinalgBackend {
  /** Sets the number of threads the BLAS uses (OpenBLAS only; ignored by Accelerate). */
  setThreads(n: number): void;
}

const ADDON_FILE = 'overparam_native.node';
const KERNELS = ['dgemm', 'dgemv', 'dsyrk', 'dsyev', 'dsyevr', 'dpotrf', 'dpotrs', 'dgeqr', 'info', 'setThreads', 'fillNormalBlocks'] as const;

let loaded: NativeLinalgBackend | undefined;

function isAddon(m: unknown): m is NativeAddon {
  if (typeof m !== 'object' || m === null) return false;
  const rec = m as Record<string, unknown>;
  return KERNELS.every((k) => typeof rec[k] === 'function');
}

/**
 * Loads the native addon and returns the backend over it. Throws an Error saying why when the addon was
 * not built or does not load (registry.ts turns that into the portable backend plus a notice).
 */
export function loadNativeBackend(): NativeLinalgBackend {
  if (loaded !== undefined) return loaded;
  const root = packageRoot();
  const file = ['Release', 'Debug']
    .map((cfg) => path.join(root, 'native', 'build', cfg, ADDON_FILE))
    .find((p) => existsSync(p));
  if (file === undefined) throw new Error('native addon not built');

  chooseOpenblasCore(); // before the library loads: it picks its kernels then
  let mod: unknown;
  try {
    mod = createRequire(import.meta.url)(file);
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new Error(`native addon failed to load: ${msg}`);
  }
  if (!isAddon(mod)) throw new Error('native addon is out of date (missing functions); rebuild it');
  const addon = mod;
  const { library } = addon.info();

  loaded = {
    name: 'native',
    library,
    threads: () => addon.info().threads,
    setThreads: (n: number) => addon.setThreads(n),
    dgemm: addon.dgemm,
    dgemv: addon.dgemv,
    dsyrk: addon.dsyrk,
    dsyev: addon.dsyev,
    dsyevr: addon.dsyevr,
    dpotrf: addon.dpotrf,
    dpotrs: addon.dpotrs,
    dgeqr: addon.dgeqr,
    fillNormalBlocks: addon.fillNormalBlocks,
    // Large buffers are V8's, recycled by the Workspace. An allocator of 2 MiB pages in the addon was
    // tried and dropped: its buffers were collected too late for a tiled kernel (6000 inputs at width
    // 2048 held 1.6 GiB beyond the kernel against 0.87 GiB with V8's own buffers).
  };
  return loaded;
}
