/**
 * Importing the modules that register point kinds. The same list is imported in the main thread (to
 * check the spec's kind before any work starts) and in every worker thread (each has its own registry),
 * so kinds must be registered at the top level of a module, not by code that runs only in the caller.
 */
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../errors.js';

/** Imports each module URL (file: URLs; see spec.ts moduleUrl for paths), in order. */
export async function loadPointModules(urls: readonly string[]): Promise<void> {
  for (const url of urls) {
    try {
      await import(url);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const msg = e instanceof Error ? e.message : String(e);
      if (code === 'ERR_MODULE_NOT_FOUND' && url.startsWith('file:') && msg.includes(fileURLToPath(url))) {
        throw new ConfigError(`point-kind module ${url} does not exist (was it compiled? modules are .js files, e.g. under dist/ or build/)`);
      }
      if (e instanceof ConfigError) throw new ConfigError(`importing point-kind module ${url}: ${e.message}`);
      throw new ConfigError(`cannot import point-kind module ${url}: ${e instanceof Error ? `${e.name}: ${msg}` : msg}`);
    }
  }
}
