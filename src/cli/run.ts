/**
 * How commands end: a user error (OverparamError) prints its message and exits 2; anything else is a
 * bug, printed with its trace.
 */
import { OverparamError } from '../errors.js';
import { printable } from './terminalText.js';

export async function runAction(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (e) {
    if (e instanceof OverparamError) {
      // Messages quote inputs (field names, values), which may hold escape sequences.
      process.stderr.write(`overparam: ${printable(e.message)}\n`);
      process.exitCode = 2;
      return;
    }
    const alloc = allocationFailure(e);
    if (alloc !== undefined) {
      // Sizes the up-front checks did not foresee (a probe's buffers, a data set's copies): the user's
      // sizes exceed what this process can hold, which is not a bug.
      process.stderr.write(`overparam: out of memory: ${alloc}; lower the width, n or number of seeds, or run on a larger machine\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`overparam: internal error (please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
}

/** What could not be allocated, when e is V8's refusal of a typed array or buffer of that size. */
function allocationFailure(e: unknown): string | undefined {
  if (!(e instanceof RangeError)) return undefined;
  const m = /^(Invalid typed array length: (\d+)|Array buffer allocation failed|Invalid array buffer length)/.exec(e.message);
  if (m === null) return undefined;
  return m[2] !== undefined ? `a buffer of ${m[2]} entries does not fit` : 'a buffer could not be allocated';
}

/** Parses an integer option, with a user-facing error naming the option. */
export function parseIntegerOption(name: string, value: string, min = Number.MIN_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < min) {
    throw new OverparamError(`${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ''}; got "${value}"`);
  }
  return n;
}

/**
 * Ctrl-C for long commands: the first press aborts the returned signal (the command stops at its next
 * safe point and saves what it measured), a second press quits at once. Call release() when done.
 */
export function interruptible(whatHappens: string): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\noverparam: ${whatHappens} (Ctrl-C again to quit at once)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}
