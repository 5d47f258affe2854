/**
 * The malformed-input harness: runs the CLI on one bad input and checks the contract every command
 * keeps — exit status 2 and one line on stderr, "overparam: …", naming the input (file, line, field
 * or flag) and the problem; never "internal error", never a trace, and nothing on stdout that claims
 * success. Each malformed-input test file declares its cases with `malformedCase`; the count of cases
 * is what the suite reports as "inputs tried".
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

export const MAIN = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `overparam …` in `cwd` without SLURM variables of the calling shell. */
export function cli(args: readonly string[], opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): CliRun {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SLURM_') && k !== 'JOB_COMPLETION_INDEX'));
  const r = spawnSync(process.execPath, [MAIN, ...args], {
    encoding: 'utf8',
    cwd: opts.cwd,
    env: { ...clean, ...opts.env },
    input: opts.input,
    timeout: opts.timeoutMs ?? 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Asserts the user-error contract on a finished run; `names` must match the one message line. */
export function assertClearError(r: CliRun, names: RegExp, what: string): void {
  const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
  assert.equal(r.signal, null, `${what}: killed by ${String(r.signal)} (timeout or crash); stderr: ${r.stderr.slice(0, 400)}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at |RangeError|TypeError|Maximum call stack/, `${what}: not a clear error:\n${r.stderr.slice(0, 800)}`);
  assert.equal(r.status, 2, `${what}: exit ${String(r.status)}, expected 2; stderr: ${r.stderr.slice(0, 400)}`);
  const errors = lines.filter((l) => l.startsWith('overparam: '));
  assert.equal(errors.length, 1, `${what}: expected one "overparam: …" line; stderr:\n${r.stderr.slice(0, 800)}`);
  assert.match(errors[0] ?? '', names, `${what}: the message does not name the input`);
}

export interface MalformedCase {
  /** What is malformed, in a few words (the test's name). */
  name: string;
  /** The class of the issue it belongs to (e.g. "output path", "size"). */
  kind: string;
  args: readonly string[] | (() => readonly string[]);
  /** What the one error line must say. */
  names: RegExp;
  cwd?: () => string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

/** Declares one malformed-input test. */
export function malformedCase(c: MalformedCase): void {
  it(`[${c.kind}] ${c.name}: exit 2 with one clear line`, () => {
    const args = typeof c.args === 'function' ? c.args() : c.args;
    const r = cli(args, { cwd: c.cwd?.(), env: c.env, timeoutMs: c.timeoutMs });
    assertClearError(r, c.names, c.name);
  });
}
