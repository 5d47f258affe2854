/**
 * Which backend runs the hot kernels. The native addon is used when it was built and loads; otherwise
 * the portable backend, with one notice on stderr saying how to get the fast one.
 * OVERPARAM_BACKEND=native|portable forces a choice (native then fails loudly if it cannot load).
 */
import { ConfigError } from '../errors.js';
import { setAcceleratorSource } from './accelerators.js';
import type { BackendName, LinalgBackend } from './backend.js';
import { loadNativeBackend } from './backends/native.js';
import { portableBackend } from './backends/portable.js';

let current: LinalgBackend | undefined;
let nativeCache: { backend: LinalgBackend | null; reason: string } | undefined;
let noticeGiven = false;

/** Attempts to load the native backend once; returns it, or null with the reason it is unavailable. */
export function tryNativeBackend(): { backend: LinalgBackend | null; reason: string } {
  if (nativeCache === undefined) {
    try {
      nativeCache = { backend: loadNativeBackend(), reason: '' };
    } catch (e) {
      nativeCache = { backend: null, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return nativeCache;
}

/** How to get the native backend, for messages. */
export const NATIVE_HINT =
  'For the fast native backend install OpenBLAS and LAPACKE (Debian/Ubuntu: ' +
  '`apt-get install libopenblas-dev liblapacke-dev`; macOS uses Accelerate) and run `npm run build:native`.';

/** Every backend that can run here: portable always, native when it loads. */
export function availableBackends(): LinalgBackend[] {
  const native = tryNativeBackend().backend;
  return native ? [native, portableBackend] : [portableBackend];
}

function choose(): LinalgBackend {
  // In a browser (the playground's worker) there is no process and no addon: the portable backend.
  if (typeof process === 'undefined') return portableBackend;
  const forced = process.env['OVERPARAM_BACKEND'];
  if (forced !== undefined && forced !== '') {
    if (forced !== 'native' && forced !== 'portable') {
      throw new ConfigError(`OVERPARAM_BACKEND is "${forced}"; allowed values are "native" and "portable".`);
    }
    return backendNamed(forced);
  }
  const { backend, reason } = tryNativeBackend();
  if (backend) return backend;
  if (!noticeGiven) {
    noticeGiven = true;
    process.stderr.write(`overparam: using the portable backend (${reason}). ${NATIVE_HINT}\n`);
  }
  return portableBackend;
}

/** The backend in use (chosen on first call). */
export function backend(): LinalgBackend {
  if (current === undefined) current = choose();
  return current;
}

/** The backend with this name; throws a ConfigError if it cannot run here. */
export function backendNamed(name: BackendName): LinalgBackend {
  if (name === 'portable') return portableBackend;
  const { backend: native, reason } = tryNativeBackend();
  if (!native) throw new ConfigError(`the native backend is not available: ${reason}. ${NATIVE_HINT}`);
  return native;
}

/** Makes every later linalg call use this backend (tests run each operation on both). */
export function useBackend(b: LinalgBackend | BackendName): LinalgBackend {
  current = typeof b === 'string' ? backendNamed(b) : b;
  setAcceleratorSource(backend);
  return current;
}

// Random streams and matrix storage take the fast paths of the backend in use (accelerators.ts).
setAcceleratorSource(backend);
