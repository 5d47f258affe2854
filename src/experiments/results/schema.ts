/**
 * The schema of saved claim results, checked field by field before anything renders them: results.json
 * (overparam-results/2, and /1 read as one seed) and the claim records of JSON Lines files (kind
 * "claim", one (claim, seed) a line). A value of the wrong type is a ConfigError naming the file and
 * the field's path, e.g. `results.json: results[3].seconds must be a number ≥ 0; got "x"` — never a
 * TypeError later in the report. Fields the report does not read (sizes, the rows' values, the plot's
 * contents, which plotWhitelist.ts checks) are left as they are; unknown extra fields are ignored.
 */
import { ConfigError } from '../../errors.js';
import { PAPERS, type ClaimResult } from '../claims/claim.js';
import type { SeededClaimResult, SeedOutcome } from '../seedVerdicts.js';

/** What a results file says about its run (the report's header shows it). */
export interface ResultsMeta {
  title?: string;
  generated: string;
  scale: string;
  /** The seeds every claim ran at. */
  seeds: number[];
  machine?: string;
  command?: string;
}

export const VERDICTS = ['holds', 'fails', 'inconclusive'] as const;
export const SCALES = ['quick', 'full'] as const;

/** A value in words for a message: short, and a string in quotes. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  return String(v);
}

/** Where a value sits: the file (or file:line) and the path inside it. */
export class Place {
  constructor(readonly source: string, readonly path = '') {}
  at(key: string | number): Place {
    return new Place(this.source, typeof key === 'number' ? `${this.path}[${key}]` : this.path === '' ? key : `${this.path}.${key}`);
  }
  fail(must: string, got: unknown): never {
    throw new ConfigError(`${this.source}: ${this.path === '' ? 'the top level' : this.path} must be ${must}; got ${describeValue(got)}`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function object(v: unknown, p: Place): Record<string, unknown> {
  if (!isObject(v)) p.fail('an object', v);
  return v;
}

function string(o: Record<string, unknown>, k: string, p: Place): string {
  const v = o[k];
  if (typeof v !== 'string') return p.at(k).fail('a string', v);
  return v;
}

function optString(o: Record<string, unknown>, k: string, p: Place): void {
  if (o[k] !== undefined && typeof o[k] !== 'string') p.at(k).fail('a string when present', o[k]);
}

function oneOf<T extends string>(o: Record<string, unknown>, k: string, set: readonly T[], p: Place): T {
  const v = o[k];
  if (typeof v !== 'string' || !(set as readonly string[]).includes(v)) p.at(k).fail(`one of ${set.map((s) => `"${s}"`).join(', ')}`, v);
  return v as T;
}

function seconds(o: Record<string, unknown>, k: string, p: Place): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return p.at(k).fail('a number ≥ 0', v);
  return v;
}

function numberOrNull(o: Record<string, unknown>, k: string, p: Place): void {
  const v = o[k];
  if (!(v === null || (typeof v === 'number' && Number.isFinite(v)))) p.at(k).fail('a number or null', v);
}

function seed(v: unknown, p: Place): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) p.fail('a seed (an integer ≥ 0)', v);
  return v;
}

/**
 * One claim's result (ClaimResult): `secondsOptional` where its time is kept beside it (a JSON Lines
 * record's "seconds").
 */
export function checkClaimResult(v: unknown, p: Place, opts: { secondsOptional?: boolean } = {}): ClaimResult {
  const o = object(v, p);
  const id = string(o, 'id', p);
  if (id === '') p.at('id').fail('a claim id', id);
  oneOf(o, 'paper', PAPERS, p);
  for (const k of ['theorem', 'prediction', 'experiment', 'statistic', 'measured', 'reason'] as const) string(o, k, p);
  optString(o, 'falsifier', p);
  optString(o, 'error', p);
  oneOf(o, 'verdict', VERDICTS, p);
  oneOf(o, 'scale', SCALES, p);
  numberOrNull(o, 'value', p);
  if (o['interval'] !== undefined) {
    const iv = o['interval'];
    if (!Array.isArray(iv) || iv.length !== 2) return p.at('interval').fail('[low, high], two numbers, when present', iv);
    iv.forEach((x, i) => {
      if (!(x === null || (typeof x === 'number' && Number.isFinite(x)))) p.at('interval').at(i).fail('a number or null', x);
    });
  }
  if (o['negativeControl'] !== undefined && typeof o['negativeControl'] !== 'boolean') p.at('negativeControl').fail('true or false when present', o['negativeControl']);
  if (!(opts.secondsOptional && o['seconds'] === undefined)) seconds(o, 'seconds', p);
  const data = o['data'];
  if (!Array.isArray(data)) return p.at('data').fail('an array of rows (objects)', data);
  data.forEach((row, i) => object(row, p.at('data').at(i)));
  if (o['plot'] !== undefined && !isObject(o['plot'])) p.at('plot').fail('a Vega-Lite object when present', o['plot']);
  return o as unknown as ClaimResult;
}

function checkSeedOutcome(v: unknown, p: Place): SeedOutcome {
  const o = object(v, p);
  seed(o['seed'], p.at('seed'));
  oneOf(o, 'verdict', VERDICTS, p);
  numberOrNull(o, 'value', p);
  string(o, 'measured', p);
  string(o, 'reason', p);
  seconds(o, 'seconds', p);
  optString(o, 'error', p);
  return o as unknown as SeedOutcome;
}

/** A result of an overparam-results/2 file: a ClaimResult with its per-seed outcomes. */
export function checkSeededResult(v: unknown, p: Place): SeededClaimResult {
  const r = checkClaimResult(v, p) as SeededClaimResult;
  const o = r as unknown as Record<string, unknown>;
  const seeds = o['seeds'];
  if (!Array.isArray(seeds) || seeds.length === 0) return p.at('seeds').fail('a "seeds" array (one outcome per seed, at least one)', seeds);
  const list = seeds.map((s, i) => checkSeedOutcome(s, p.at('seeds').at(i)).seed);
  const ds = seed(o['dataSeed'], p.at('dataSeed'));
  if (!list.includes(ds)) p.at('dataSeed').fail(`one of the result's seeds (${list.join(', ')})`, ds);
  return r;
}

function seedList(v: unknown, p: Place): number[] {
  if (!Array.isArray(v) || v.length === 0) p.fail('a list of seeds (at least one)', v);
  return v.map((s, i) => seed(s, p.at(i)));
}

/** The meta of a results file; `v1` reads "seed" (one) instead of "seeds". */
export function checkMeta(v: unknown, p: Place, v1 = false): ResultsMeta & { seed?: number } {
  const o = object(v, p);
  string(o, 'generated', p);
  string(o, 'scale', p);
  for (const k of ['title', 'machine', 'command'] as const) optString(o, k, p);
  if (v1) seed(o['seed'], p.at('seed'));
  else seedList(o['seeds'], p.at('seeds'));
  return o as unknown as ResultsMeta & { seed?: number };
}

/** The results array of a results file, each element checked by `each`. */
export function checkResults<T>(v: unknown, p: Place, each: (r: unknown, at: Place) => T): T[] {
  if (!Array.isArray(v)) p.fail('an array of claim results', v);
  return v.map((r, i) => each(r, p.at(i)));
}

/** The params of a claim record: { claim, scale, seed }. */
export function checkClaimParams(v: unknown, p: Place): { claim: string; scale: (typeof SCALES)[number]; seed: number } {
  const o = object(v, p);
  const claim = string(o, 'claim', p);
  const scale = oneOf(o, 'scale', SCALES, p);
  return { claim, scale, seed: seed(o['seed'], p.at('seed')) };
}
