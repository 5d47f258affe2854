/**
 * `--probes` on the command line: comma-separated probe names, each optionally followed by its options as
 * `:key=value` pairs — `distance,kernel:maxExamples=64,hessian:iterations=30:perExample=false`. A value reads as
 * a number when it is one, as true/false, else as text; the probe itself checks each option (probes/options.ts).
 */
import { ConfigError } from '../errors.js';

export interface ProbeRequest {
  name: string;
  options: Record<string, unknown>;
}

function optionValue(v: string): unknown {
  if (v === 'true') return true;
  if (v === 'false') return false;
  const x = Number(v);
  return v.trim() !== '' && Number.isFinite(x) ? x : v;
}

export function parseProbeList(text: string | undefined, flag = '--probes'): ProbeRequest[] {
  const out: ProbeRequest[] = [];
  for (const item of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, ...pairs] = item.split(':');
    const options: Record<string, unknown> = Object.create(null) as Record<string, unknown>; // keys such as __proto__ stay plain keys (the probe refuses them)
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? '' : pair.slice(0, eq).trim();
      if (key === '') throw new ConfigError(`${flag}: "${item}": each option is key=value after a colon (e.g. kernel:maxExamples=64); got "${pair}"`);
      if (Object.hasOwn(options, key)) throw new ConfigError(`${flag}: "${item}": option ${key} given twice`);
      options[key] = optionValue(pair.slice(eq + 1).trim());
    }
    if (out.some((r) => r.name === name.trim())) throw new ConfigError(`${flag}: probe "${name.trim()}" requested twice`);
    out.push({ name: name.trim(), options });
  }
  return out;
}
