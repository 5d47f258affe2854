/**
 * The memory a command may use, and the refusal, before any buffer is allocated, of work whose
 * float64 buffers would not fit: a width, an example count or a kernel size that would need more than
 * the machine has ends with a message giving the bytes it would need, not with an allocation trace
 * or a process that swaps the machine to a halt.
 *
 * The budget is `--max-memory <size>` when given, else the environment variable OVERPARAM_MAX_MEMORY,
 * else the machine's memory (os.totalmem()).
 */
import { constants } from 'node:buffer';
import os from 'node:os';
import { ConfigError } from '../errors.js';
import { formatBytes } from '../io/files.js';

export interface MemoryBudget {
  bytes: number;
  /** Where the number comes from, for messages ("--max-memory 8G", "this machine's memory"). */
  source: string;
}

/** The environment variable that sets the budget when --max-memory is not given. */
export const MEMORY_ENV = 'OVERPARAM_MAX_MEMORY';

/**
 * The most entries one Float64Array may have here (V8 refuses longer typed arrays whatever the
 * machine's memory); Buffer's byte limit is the same bound, counted in elements.
 */
export const MAX_ARRAY_ENTRIES = constants.MAX_LENGTH;

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** Parses a size such as "8G", "512M", "1.5GiB", "2t" or a plain byte count; `where` names the input. */
export function parseSize(text: string, where: string): number {
  const m = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([kmgtp]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = m === null ? NaN : Number(m[1]) * UNITS[m[2].toLowerCase()];
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new ConfigError(`${where} must be a size such as "8G", "512M" or a byte count; got "${text}"`);
  }
  return Math.floor(bytes);
}

/** The budget from the flag's value (undefined when not given), the environment, or the machine. */
export function memoryBudget(flagValue?: string, env: NodeJS.ProcessEnv = process.env): MemoryBudget {
  if (flagValue !== undefined) return { bytes: parseSize(flagValue, '--max-memory'), source: `--max-memory ${flagValue}` };
  const e = env[MEMORY_ENV];
  if (e !== undefined && e.trim() !== '') return { bytes: parseSize(e, MEMORY_ENV), source: `${MEMORY_ENV}=${e}` };
  return { bytes: os.totalmem(), source: "this machine's memory" };
}

/** Bytes in words, up to exbibytes (sizes refused here can be far past a gibibyte). */
export function formatSize(n: number): string {
  const big: [number, string][] = [[1024 ** 6, 'EiB'], [1024 ** 5, 'PiB'], [1024 ** 4, 'TiB']];
  for (const [unit, name] of big) if (n >= unit) return `${(n / unit).toPrecision(3)} ${name}`;
  return formatBytes(Math.round(n));
}

/**
 * Refuses work whose buffers need more than the budget. `what` says what needs them, e.g.
 * "the analytic kernel of 40000 examples (about 20 float64 40000×40000 matrices)".
 */
export function requireMemory(needBytes: number, what: string, budget: MemoryBudget): void {
  if (!(needBytes <= budget.bytes)) {
    const hint = budget.source.startsWith('--max-memory') ? '' : ' (set --max-memory to change the budget)';
    throw new ConfigError(`${what} would need ${formatSize(needBytes)}, more than the ${formatSize(budget.bytes)} of ${budget.source}${hint}`);
  }
}

/** Refuses one float64 array of more entries than V8 allows, whatever the budget. */
export function requireArrayEntries(entries: number, what: string): void {
  if (!(entries <= MAX_ARRAY_ENTRIES)) {
    throw new ConfigError(`${what} would be one float64 array of ${countText(entries)} entries; at most ${MAX_ARRAY_ENTRIES} (2^32) fit in one array`);
  }
}

/** A count in digits up to a billion, in exponent form beyond (2.00e+18). */
export function countText(n: number): string {
  return n < 1e9 ? String(n) : n.toExponential(2);
}

/** "width 1000000" when a spec object has a width field (the usual cause of a huge model), else ''. */
export function widthOf(spec: unknown): string {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return '';
  const w = (spec as Record<string, unknown>)['width'];
  return typeof w === 'number' ? ` with width ${w}` : '';
}

/**
 * Refuses a network whose parameters (one float64 each, held in one array) would not fit: `copies`
 * counts the parameter-sized arrays the command holds at once (1 to list or initialize).
 */
export function requireParameterMemory(net: { name: string; size: number }, spec: unknown, budget: MemoryBudget, copies = 1): void {
  const width = net.name.includes(`m=${widthOf(spec).slice(' with width '.length)}`) ? '' : widthOf(spec);
  const what = `${net.name}${width} has ${countText(net.size)} parameters; their float64 values`;
  requireMemory(8 * net.size * copies, what, budget);
  requireArrayEntries(net.size, `${net.name}${width}: its parameter vector`);
}
