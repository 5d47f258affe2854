/**
 * The browser the end-to-end tests drive: Debian's Chromium (or CHROMIUM_PATH) through playwright-core.
 * Without one the tests are skipped with a message; OVERPARAM_REQUIRE_BROWSER=1 (set by CI) makes that a failure.
 */
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string | null {
  const env = process.env['CHROMIUM_PATH'];
  if (env) return env;
  const found = CANDIDATES.find((p) => existsSync(p)) ?? null;
  if (!found && process.env['OVERPARAM_REQUIRE_BROWSER'] === '1') {
    throw new Error('OVERPARAM_REQUIRE_BROWSER=1 but no Chromium was found (install the Debian package "chromium" or set CHROMIUM_PATH)');
  }
  return found;
}
