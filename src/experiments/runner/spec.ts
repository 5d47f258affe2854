/**
 * Experiment specs: a point kind, base parameters, the axes to sweep and the seeds, as JSON validated at
 * the boundary (every error names the field and what is allowed).
 *
 * ```json
 * { "name": "du2019-kernel", "kind": "kernel",
 *   "base": { "model": { "preset": "du2019-fc", "inputDim": 5, "width": 64, "depth": 3 }, "n": 16 },
 *   "sweep": { "width": [64, 256, 1024], "kind": ["empirical", "analytic"] },
 *   "seeds": 4 }
 * ```
 *
 * `kernel` is one of the built-in kinds (experiments/kinds/; `overparam sweep --kinds` lists them);
 * other kinds come from modules, e.g. `"modules": ["./myKinds.js"]`.
 *
 * `seeds` is a count n (seeds 0…n−1) or a list of distinct non-negative integers; each becomes the point
 * parameter `seed`. `modules` (optional) are files or file URLs that register point kinds; relative
 * paths are taken from the spec file's folder (or the working directory for a spec given inline).
 * A spec with `modules` runs code: importing a module executes it. data: and remote URLs are refused.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../errors.js';
import { readTextInput, stripBom } from '../../io/files.js';
import { asObject, describe, jsonDeeperThan, onlyKeys } from '../../models/specReader.js';
import { canonicalJson, type JsonObject, type JsonValue } from './json.js';
import { MAX_POINTS } from './points.js';

export interface ExperimentSpec {
  /** What the experiment is called (used in messages and progress, not in point ids). */
  name: string;
  /** A registered point kind: the function that measures one point. */
  kind: string;
  description?: string;
  /** Parameters shared by every point. */
  base?: JsonObject;
  /** Axes: parameter name → the values it takes. Points are the cartesian product (see points.ts). */
  sweep?: Record<string, JsonValue[]>;
  /** A count n (seeds 0…n−1) or a list of seeds; each point gets the parameter `seed`. */
  seeds?: number | number[];
  /** Modules (paths or file URLs) to import for their point-kind registrations: a spec with modules runs their code. */
  modules?: string[];
}

/** A validated spec, with every optional part filled in and the seeds and modules normalized. */
export interface ParsedExperimentSpec {
  name: string;
  kind: string;
  description?: string;
  base: JsonObject;
  sweep: { param: string; values: JsonValue[] }[];
  /** The seed axis, or undefined when the spec has no `seeds` (then a point's seed is params.seed ?? 0). */
  seeds: number[] | undefined;
  /** Module URLs (file: URLs), resolved. */
  modules: string[];
}

export const SPEC_FIELDS = ['name', 'kind', 'description', 'base', 'sweep', 'seeds', 'modules'] as const;

/**
 * A module named by a path or a URL, as a URL string; relative paths are taken from `baseDir`. Importing a
 * module runs its code, so only files on this machine (paths, file: URLs) and Node's built-ins (node:) are
 * allowed: a data: URL would run code written into the spec itself, and http:, https: or any other scheme
 * code fetched from elsewhere. `where` names the spec field or flag in the error (exit 2).
 */
export function moduleUrl(pathOrUrl: string, baseDir = process.cwd(), where = 'module'): string {
  if (/^(file|node):/i.test(pathOrUrl)) return pathOrUrl;
  // A scheme of two or more letters (one letter is a Windows drive: C:\…).
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(pathOrUrl);
  if (scheme) {
    const what = /^data$/i.test(scheme[1]) ? 'a data: URL (code written into the URL itself)' : /^https?$/i.test(scheme[1]) ? 'a remote URL' : `a ${scheme[1]}: URL`;
    throw new ConfigError(`${where} is ${what}; point-kind modules run code, so only local .js files (paths or file: URLs) are imported`);
  }
  return pathToFileURL(resolve(baseDir, pathOrUrl)).href;
}

function nonEmptyString(o: JsonObject | Record<string, unknown>, key: string, where: string, optional = false): string | undefined {
  const v = o[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${where}.${key} must be a non-empty string; got ${describe(v)}`);
  return v;
}

/** How deep a parameter value (arrays and objects inside one another) may nest. */
export const MAX_VALUE_DEPTH = 256;

function checkDepth(v: unknown, where: string, limit = MAX_VALUE_DEPTH): void {
  const at = jsonDeeperThan(v, limit);
  if (at !== undefined) throw new ConfigError(`${where}${at} nests too deep: at most ${MAX_VALUE_DEPTH} levels of arrays or objects are allowed in a parameter value`);
}

function jsonValue(v: unknown, where: string): JsonValue {
  checkDepth(v, where);
  canonicalJson(v, where); // throws on anything that is not JSON
  return v as JsonValue;
}

function parseSeeds(v: unknown, where: string): number[] | undefined {
  if (v === undefined) return undefined;
  const isSeed = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`${where}.seeds must be a positive integer count or an array of seeds; got ${v}`);
    if (v > MAX_POINTS) throw new ConfigError(`${where}.seeds is ${v}; one experiment may have at most ${MAX_POINTS} points`);
    return Array.from({ length: v }, (_, i) => i);
  }
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(`${where}.seeds must be a positive integer count or a non-empty array of seeds; got ${describe(v)}`);
  if (v.length > MAX_POINTS) throw new ConfigError(`${where}.seeds lists ${v.length} seeds; one experiment may have at most ${MAX_POINTS} points`);
  const seen = new Set<number>();
  v.forEach((s, i) => {
    if (!isSeed(s)) throw new ConfigError(`${where}.seeds[${i}] must be a non-negative integer below 2^53; got ${describe(s)}`);
    if (seen.has(s)) throw new ConfigError(`${where}.seeds lists the seed ${s} twice`);
    seen.add(s);
  });
  return v as number[];
}

/**
 * Validates a spec (parsed JSON or an ExperimentSpec object). `source` names it in errors; `baseDir` is
 * where relative module paths start.
 */
export function parseExperimentSpec(value: unknown, source = 'spec', baseDir = process.cwd()): ParsedExperimentSpec {
  // The fields are at most one level below the top, so anything nested deeper is in a parameter value.
  checkDepth(value, source, MAX_VALUE_DEPTH + 2);
  const o = asObject(value, source);
  onlyKeys(o, SPEC_FIELDS, source);
  const name = nonEmptyString(o, 'name', source) as string;
  const kind = nonEmptyString(o, 'kind', source) as string;
  const description = nonEmptyString(o, 'description', source, true);

  const base: JsonObject = {};
  if (o['base'] !== undefined) {
    for (const [k, v] of Object.entries(asObject(o['base'], `${source}.base`))) base[k] = jsonValue(v, `${source}.base.${k}`);
  }

  const sweep: { param: string; values: JsonValue[] }[] = [];
  if (o['sweep'] !== undefined) {
    for (const [param, values] of Object.entries(asObject(o['sweep'], `${source}.sweep`))) {
      const where = `${source}.sweep.${param}`;
      if (!Array.isArray(values) || values.length === 0) throw new ConfigError(`${where} must be a non-empty array of the values to sweep; got ${describe(values)}`);
      if (values.length > MAX_POINTS) throw new ConfigError(`${where} lists ${values.length} values; one experiment may have at most ${MAX_POINTS} points`);
      checkDepth(values, where);
      const seen = new Map<string, number>();
      values.forEach((v, i) => {
        const text = canonicalJson(v, `${where}[${i}]`);
        const j = seen.get(text);
        if (j !== undefined) throw new ConfigError(`${where} lists the value ${text} twice (at ${j} and ${i}); each point must be distinct`);
        seen.set(text, i);
      });
      sweep.push({ param, values: values as JsonValue[] });
    }
  }

  const seeds = parseSeeds(o['seeds'], source);
  if (seeds !== undefined && ('seed' in base || sweep.some((a) => a.param === 'seed'))) {
    throw new ConfigError(`${source}.seeds and ${'seed' in base ? 'base.seed' : 'sweep.seed'} both set the seed; give only one of them`);
  }

  const modules: string[] = [];
  if (o['modules'] !== undefined) {
    const m = o['modules'];
    if (!Array.isArray(m)) throw new ConfigError(`${source}.modules must be an array of module paths or file URLs; got ${describe(m)}`);
    m.forEach((p, i) => {
      if (typeof p !== 'string' || p === '') throw new ConfigError(`${source}.modules[${i}] must be a module path or file URL; got ${describe(p)}`);
      modules.push(moduleUrl(p, baseDir, `${source}.modules[${i}]`));
    });
  }
  return { name, kind, ...(description !== undefined ? { description } : {}), base, sweep, seeds, modules };
}

/** Whether a value is already a parsed spec (so runSweep and mergeResults accept either form). */
function isParsed(spec: ExperimentSpec | ParsedExperimentSpec): spec is ParsedExperimentSpec {
  return Array.isArray((spec as ParsedExperimentSpec).sweep) && Array.isArray((spec as ParsedExperimentSpec).modules);
}

/** A spec in either form, validated. */
export function toParsedSpec(spec: ExperimentSpec | ParsedExperimentSpec): ParsedExperimentSpec {
  return isParsed(spec) ? spec : parseExperimentSpec(spec);
}

/** Parses JSON text, with the line and column of a syntax error. */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(stripBom(text));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    if (!m) throw new ConfigError(`${source}: invalid JSON (${msg})`);
    const before = text.slice(0, Number(m[1]));
    const line = before.split('\n').length;
    throw new ConfigError(`${source}:${line}:${Number(m[1]) - before.lastIndexOf('\n')}: invalid JSON (${msg})`);
  }
}

/** Reads a spec from a JSON file, or from inline JSON when the argument starts with "{". */
export function readExperimentSpec(arg: string): ParsedExperimentSpec {
  if (arg.trim().startsWith('{')) return parseExperimentSpec(parseJson(arg, 'spec'), 'spec');
  if (!existsSync(arg)) throw new ConfigError(`experiment spec file ${arg} does not exist (give a path or inline JSON such as '{"name": …, "kind": …}')`);
  return parseExperimentSpec(parseJson(readTextInput(arg, 'experiment spec file'), arg), `${arg}: spec`, dirname(resolve(arg)));
}
