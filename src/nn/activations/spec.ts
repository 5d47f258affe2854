/**
 * Validation of activation specs coming from JSON (experiment specs, presets, the CLI).
 */
import { ConfigError } from '../../errors.js';
import { ACTIVATION_NAMES, type ActivationName, type ActivationSpec } from './types.js';

/** The fields each activation accepts besides `name`, and whether each is required. */
const FIELDS: Record<ActivationName, Record<string, 'required' | 'optional'>> = {
  relu: { derivativeAtZero: 'optional' },
  abrelu: { a: 'required', b: 'required' },
  leaky_relu: { alpha: 'required' },
  softplus: {},
  sigmoid: {},
  tanh: {},
  erf: {},
  swish: { beta: 'optional' },
  gelu: {},
  identity: {},
};

function isName(v: unknown): v is ActivationName {
  return typeof v === 'string' && (ACTIVATION_NAMES as readonly string[]).includes(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

function finiteField(obj: Record<string, unknown>, field: string, where: string, name: string): number {
  const v = obj[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ConfigError(`${where}.${field}: ${name} needs a finite number for ${field}; got ${describe(v)}`);
  }
  return v;
}

/**
 * Checks an activation spec read from JSON and returns it normalized (only known fields, defaults left
 * implicit). Accepts an object `{ name, ...params }`, or a bare name string for the activations whose
 * parameters are all optional ("relu", "tanh", "swish", …). Throws ConfigError naming `where` (e.g.
 * "model.layers[2].activation"), the offending field and the allowed values.
 */
export function parseActivationSpec(value: unknown, where: string): ActivationSpec {
  const allowed = ACTIVATION_NAMES.join(', ');
  if (typeof value === 'string') {
    if (!isName(value)) throw new ConfigError(`${where}: unknown activation ${JSON.stringify(value)}; allowed: ${allowed}`);
    const required = Object.entries(FIELDS[value]).filter(([, r]) => r === 'required').map(([f]) => f);
    if (required.length > 0) {
      throw new ConfigError(`${where}: activation "${value}" needs parameters (${required.join(', ')}); write it as an object, e.g. { "name": "${value}", ${required.map((f) => `"${f}": …`).join(', ')} }`);
    }
    return parseActivationSpec({ name: value }, where);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${where}: an activation must be an object { "name": … } or a name; got ${describe(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const name = obj['name'];
  if (name === undefined) throw new ConfigError(`${where}.name: missing; allowed: ${allowed}`);
  if (!isName(name)) throw new ConfigError(`${where}.name: unknown activation ${describe(name)}; allowed: ${allowed}`);
  const fields = FIELDS[name];
  for (const key of Object.keys(obj)) {
    if (key !== 'name' && !(key in fields)) {
      const known = Object.keys(fields);
      throw new ConfigError(
        `${where}.${key}: ${name} has no parameter "${key}"; ` +
          (known.length === 0 ? `${name} takes no parameters` : `its parameters are: ${known.join(', ')}`),
      );
    }
  }
  for (const [field, req] of Object.entries(fields)) {
    if (req === 'required' && obj[field] === undefined) {
      throw new ConfigError(`${where}.${field}: missing; ${name} needs ${Object.keys(fields).join(' and ')}`);
    }
  }
  switch (name) {
    case 'relu': {
      const d0 = obj['derivativeAtZero'];
      if (d0 === undefined) return { name };
      if (d0 !== 0 && d0 !== 1) {
        throw new ConfigError(`${where}.derivativeAtZero: must be 0 or 1 (the convention for σ'(0)); got ${describe(d0)}`);
      }
      return { name, derivativeAtZero: d0 };
    }
    case 'abrelu':
      return { name, a: finiteField(obj, 'a', where, name), b: finiteField(obj, 'b', where, name) };
    case 'leaky_relu':
      return { name, alpha: finiteField(obj, 'alpha', where, name) };
    case 'swish':
      return obj['beta'] === undefined ? { name } : { name, beta: finiteField(obj, 'beta', where, name) };
    default:
      return { name };
  }
}
