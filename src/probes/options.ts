/**
 * Validation of probe options at the boundary. Options arrive as a plain record (from the CLI's
 * `--probes` spec or a JSON file); every probe factory reads them through an OptionReader, so a wrong
 * key or value is a ConfigError naming the probe, the option and what was expected — never a silent
 * default.
 */
import { ConfigError } from '../errors.js';

export type ProbeOptions = Record<string, unknown>;

function describe(v: unknown): string {
  if (typeof v === 'string') return `"${v}"`;
  if (v === undefined) return 'nothing';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

export class OptionReader {
  private readonly opts: ProbeOptions;

  /** Rejects keys outside `allowed`. */
  constructor(readonly probe: string, opts: ProbeOptions | undefined, allowed: readonly string[]) {
    if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) {
      throw new ConfigError(`probe "${probe}": options must be an object of named settings; got ${describe(opts)}`);
    }
    this.opts = opts ?? {};
    for (const k of Object.keys(this.opts)) {
      if (!allowed.includes(k)) {
        const list = allowed.length ? `allowed: ${allowed.join(', ')}` : 'it takes no options';
        throw new ConfigError(`probe "${probe}": unknown option "${k}" (${list})`);
      }
    }
  }

  private fail(key: string, expected: string): never {
    throw new ConfigError(`probe "${this.probe}": option ${key} must be ${expected}; got ${describe(this.opts[key])}`);
  }

  /** An integer ≥ min, or the default when absent. */
  integer(key: string, dflt: number, min?: number): number;
  integer(key: string, dflt: undefined, min?: number): number | undefined;
  integer(key: string, dflt: number | undefined, min = 1): number | undefined {
    const v = this.opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(key, `an integer ≥ ${min}`);
    return v;
  }

  /** A finite number > 0, or the default when absent. */
  positive(key: string, dflt: number): number;
  positive(key: string, dflt: undefined): number | undefined;
  positive(key: string, dflt: number | undefined): number | undefined {
    const v = this.opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) this.fail(key, 'a finite positive number');
    return v;
  }

  boolean(key: string, dflt: boolean): boolean {
    const v = this.opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(key, 'true or false');
    return v;
  }

  oneOf<T extends string>(key: string, values: readonly T[], dflt: T): T {
    const v = this.opts[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) this.fail(key, `one of ${values.map((s) => `"${s}"`).join(', ')}`);
    return v as T;
  }

  /** A non-empty string, or undefined when absent. */
  string(key: string): string | undefined {
    const v = this.opts[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) this.fail(key, 'a non-empty string');
    return v;
  }
}
