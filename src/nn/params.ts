/**
 * Parameters live in one flat Float64Array per network. Layers declare tensors while the network is
 * built; offsets are assigned afterwards with every trainable tensor before every frozen one, so the
 * trainable parameters are the prefix [0, trainableSize) — the vector gradients, Hessians and tangent
 * kernels are taken with respect to.
 */
import { ConfigError } from '../errors.js';
import { allocateF64 } from '../linalg/accelerators.js';
import type { Rng } from '../linalg/random/rng.js';

/** How a tensor is drawn at initialization. */
export type InitSpec =
  | { kind: 'normal'; std: number }
  | { kind: 'zeros' }
  | { kind: 'constant'; value: number }
  /** Entries ±1, exactly half +1 and half −1 in a random order (zou2018's fixed output layer v). */
  | { kind: 'balancedSigns' };

export interface ParamSpec {
  /** Dot path naming the tensor, e.g. "layers.2.W"; also its random stream's label. */
  name: string;
  shape: number[];
  init: InitSpec;
  trainable: boolean;
}

export class ParamRef {
  readonly name: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly init: InitSpec;
  readonly trainable: boolean;
  private off = -1;

  constructor(spec: ParamSpec) {
    this.name = spec.name;
    this.shape = spec.shape;
    this.size = spec.shape.reduce((a, b) => a * b, 1);
    this.init = spec.init;
    this.trainable = spec.trainable;
  }

  /** Offset in the flat parameter vector (assigned when the network is finalized). */
  get offset(): number {
    if (this.off < 0) throw new Error(`parameter ${this.name} used before the network was finalized`);
    return this.off;
  }

  /** @internal */
  assign(offset: number): void {
    this.off = offset;
  }

  /** This tensor's entries inside a flat vector (a view). */
  view(flat: Float64Array): Float64Array {
    return flat.subarray(this.offset, this.offset + this.size);
  }
}

export class ParamRegistry {
  private readonly refs: ParamRef[] = [];
  private finalized = false;
  trainableSize = 0;
  size = 0;

  add(spec: ParamSpec): ParamRef {
    if (this.finalized) throw new Error('ParamRegistry: add after finalize');
    if (this.refs.some((r) => r.name === spec.name)) throw new ConfigError(`duplicate parameter name ${spec.name}`);
    const ref = new ParamRef(spec);
    this.refs.push(ref);
    return ref;
  }

  /** Assigns offsets: trainable tensors first (in declaration order), then frozen ones. */
  finalize(): ParamRef[] {
    let off = 0;
    for (const r of this.refs) if (r.trainable) { r.assign(off); off += r.size; }
    this.trainableSize = off;
    for (const r of this.refs) if (!r.trainable) { r.assign(off); off += r.size; }
    this.size = off;
    this.finalized = true;
    return this.refs.slice();
  }
}

/** Draws every tensor from its own stream rng.fold(name), so values do not depend on layer order. */
export function initializeParams(refs: readonly ParamRef[], size: number, rng: Rng): Float64Array {
  const flat = allocateF64(size);
  for (const r of refs) {
    const v = r.view(flat);
    const stream = rng.fold(r.name);
    switch (r.init.kind) {
      case 'normal':
        stream.fillNormal(v, 0, r.init.std);
        break;
      case 'zeros':
        break;
      case 'constant':
        v.fill(r.init.value);
        break;
      case 'balancedSigns': {
        if (r.size % 2 !== 0) throw new ConfigError(`${r.name}: balanced ±1 entries need an even size; got ${r.size}`);
        const perm = stream.permutation(r.size);
        for (let i = 0; i < r.size; i++) v[perm[i]] = i < r.size / 2 ? 1 : -1;
        break;
      }
    }
  }
  return flat;
}
