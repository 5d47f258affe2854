/** `overparam sweep --kinds`: the registered point kinds, with their parameters and results. */
import { pointKindDescriptor, registeredKinds, type PointParamDescriptor } from '../../experiments/runner/registry.js';

function defaultText(p: PointParamDescriptor): string {
  if (p.required) return 'required';
  return p.default === undefined ? 'optional' : `default ${JSON.stringify(p.default)}`;
}

/** The listing, one block per kind (built-in kinds first), as text ending in a newline. */
export function kindsListing(): string {
  const names = registeredKinds();
  const builtIn = (k: string): boolean => pointKindDescriptor(k)?.builtIn === true;
  const ordered = [...names.filter(builtIn), ...names.filter((k) => !builtIn(k))];
  const lines: string[] = [];
  for (const kind of ordered) {
    const d = pointKindDescriptor(kind);
    if (d === undefined) {
      lines.push(`${kind} (from a module): no description registered`, '');
      continue;
    }
    lines.push(`${kind}${d.builtIn ? '' : ' (from a module)'}: ${d.summary}`);
    const width = Math.max(0, ...d.params.map((p) => p.name.length));
    for (const p of d.params) lines.push(`  ${p.name.padEnd(width)}  ${p.type}, ${defaultText(p)}: ${p.doc}`);
    lines.push(`  returns: ${Object.keys(d.result).join(', ')}`, '');
  }
  if (ordered.length === 0) lines.push('no point kinds are registered', '');
  return lines.join('\n');
}
