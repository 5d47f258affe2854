/**
 * The browser's stand-in for src/linalg/backends/native.ts (the N-API addon cannot load in a page):
 * the build aliases that module to this one, so the registry falls back to the portable backend.
 */
import type { LinalgBackend } from '../../../src/linalg/backend.js';

export function loadNativeBackend(): LinalgBackend {
  throw new Error('the native backend is not available in a browser');
}
