/**
 * How commands end: a user error (OverparamError) prints its message and exits 2; anything else is a
 * bug, printed with its trace.
 */
import { OverparamError } from '../errors.js';

export async function runAction(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof OverparamError) {
      process.stderr.write(`overparam: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`overparam: internal error (please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
}

/** Parses an integer option, with a user-facing error naming the option. */
export function parseIntegerOption(name: string, value: string, min = Number.MIN_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new OverparamError(`${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}; got "${value}"`);
  }
  return n;
}
