/**
 * The Vega-Lite features the project's own plots use (the builders of plots/: the claims', the
 * playground's and the batch sweep's), and nothing else. A stored `plot` comes from a results file, which
 * is untrusted (DESIGN.md, trust boundaries): a spec may only draw inline `data.values` with these marks,
 * channels, scales and titles. Anything that could load (`url`, `data.url`, `href`, image marks), run
 * expressions (`params`, `signals`, `calculate`, string filters) or carry extra payloads (`usermeta`,
 * `config`) is refused, naming the first key that is not allowed.
 */
import { ConfigError } from '../errors.js';

type Json = unknown;
type Check = (v: Json, path: string) => void;

function refuse(path: string, why: string): never {
  throw new ConfigError(`plot spec ${path} is not allowed (${why}); the report draws only plots the project builds`);
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object whose every key has a check; any other key is refused. */
function object(fields: Record<string, Check>): Check {
  return (v, path) => {
    if (!isObject(v)) refuse(path, 'expected an object');
    for (const [k, x] of Object.entries(v)) {
      const check = Object.prototype.hasOwnProperty.call(fields, k) ? fields[k] : undefined;
      if (!check) refuse(path === '' ? k : `${path}.${k}`, 'not a feature of the project\'s plots');
      check(x, path === '' ? k : `${path}.${k}`);
    }
  };
}

const either = (...checks: Check[]): Check => (v, path) => {
  const errors: unknown[] = [];
  for (const c of checks) {
    try {
      return c(v, path);
    } catch (e) {
      errors.push(e);
    }
  }
  throw errors[errors.length - 1];
};

const array = (item: Check, max = Infinity): Check => (v, path) => {
  if (!Array.isArray(v)) refuse(path, 'expected an array');
  if (v.length > max) refuse(path, `more than ${max} entries`);
  v.forEach((x, i) => item(x, `${path}[${i}]`));
};

const num: Check = (v, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(path, 'expected a finite number');
};
const bool: Check = (v, path) => {
  if (typeof v !== 'boolean') refuse(path, 'expected true or false');
};
const oneOf = (...values: readonly (string | number | boolean | null)[]): Check => (v, path) => {
  if (!values.includes(v as string)) refuse(path, `expected one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
};
/** Text shown as text (titles): any string; Vega escapes it in the SVG it writes. */
const text: Check = (v, path) => {
  if (typeof v !== 'string') refuse(path, 'expected a string');
};
const textOrNull: Check = (v, path) => (v === null ? undefined : text(v, path));
/** A field name: an identifier (no paths, no brackets, nothing Vega would parse). */
const fieldName: Check = (v, path) => {
  if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) refuse(path, 'a field is an identifier');
};
const primitive: Check = (v, path) => {
  if (!(v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)))) refuse(path, 'expected a string, number, boolean or null');
};
/** A colour: a hex code or a CSS colour name, never url(…) or anything else. */
const colour: Check = (v, path) => {
  if (typeof v !== 'string' || !/^(#[0-9a-fA-F]{3,8}|[a-z]{3,20})$/.test(v)) refuse(path, 'expected a hex colour or a colour name');
};

const MARKS = ['line', 'point', 'bar', 'rule', 'area', 'circle', 'square', 'tick'] as const;
const SHAPES = ['circle', 'square', 'cross', 'diamond', 'triangle-up', 'triangle-down', 'triangle-right', 'triangle-left'] as const;

const markName = oneOf(...MARKS);
const markObject = object({
  type: oneOf(...MARKS), point: bool, filled: bool, opacity: num, size: num, strokeWidth: num, strokeDash: array(num, 8),
  shape: oneOf(...SHAPES), color: colour, interpolate: oneOf('linear', 'monotone', 'step', 'step-after', 'step-before'),
});
const mark: Check = (v, path) => (typeof v === 'string' ? markName(v, path) : markObject(v, path));

const scale = object({
  type: oneOf('linear', 'log', 'pow', 'sqrt', 'symlog'), nice: bool, zero: bool, base: num, exponent: num,
  domain: array(primitive, 1000), range: array(colour, 1000),
});

const channel = object({
  field: fieldName,
  type: oneOf('quantitative', 'nominal', 'ordinal', 'temporal'),
  title: textOrNull,
  aggregate: oneOf('mean', 'median', 'count', 'sum', 'min', 'max'),
  bin: either(bool, object({ maxbins: num })),
  scale,
  legend: either(oneOf(null), object({ title: textOrNull, orient: oneOf('right', 'left', 'top', 'bottom') })),
});

const encoding = object({ x: channel, y: channel, x2: channel, y2: channel, color: channel, detail: channel, shape: channel, size: channel, opacity: channel, strokeDash: channel });

const row: Check = (v, path) => {
  if (!isObject(v)) refuse(path, 'expected an object');
  for (const [k, x] of Object.entries(v)) primitive(x, `${path}.${k}`);
};
const data = object({ values: array(row) });
const title = either(text, object({ text, subtitle: text }));
const transform = array(object({ filter: object({ field: fieldName, equal: primitive }) }), 16);
const schema = oneOf('https://vega.github.io/schema/vega-lite/v5.json', 'https://vega.github.io/schema/vega-lite/v6.json');

const unitFields: Record<string, Check> = { $schema: schema, width: num, height: num, title, data, transform, mark, encoding };
// A spec is a unit, a layer of units, or a concatenation of specs (the rates plot's panels).
const spec: Check = (v, path) =>
  object({ ...unitFields, layer: array(spec, 16), hconcat: array(spec, 16), vconcat: array(spec, 16) })(v, path);

/** Throws a ConfigError naming the first key or value of the spec that the project's plots do not use. */
export function checkPlotSpec(v: Json): void {
  spec(v, '');
}
