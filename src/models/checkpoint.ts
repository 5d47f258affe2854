/**
 * Parameters saved as safetensors: one named float64 tensor per parameter tensor of the network, with
 * the model spec and the trainable set in the metadata, so other tools (numpy, PyTorch's safetensors)
 * can read them and overparam can check that a file fits the network it is loaded into.
 */
import { OverparamError } from '../errors.js';
import { f64, loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import type { Network } from '../nn/network.js';

export const PARAMS_FORMAT = 'overparam-params/1';

export function saveParams(path: string, net: Network, params: Float64Array, meta: { spec?: unknown; [k: string]: unknown } = {}): void {
  if (params.length !== net.size) throw new OverparamError(`saveParams: ${net.name} has ${net.size} parameters; got ${params.length}`);
  const tensors = Object.fromEntries(net.paramRefs.map((r) => [r.name, f64([...r.shape], r.view(params).slice())]));
  const metadata: Record<string, string> = {
    format: PARAMS_FORMAT,
    network: net.name,
    trainable: net.paramRefs.filter((r) => r.trainable).map((r) => r.name).join(','),
  };
  for (const [k, v] of Object.entries(meta)) if (v !== undefined) metadata[k] = typeof v === 'string' ? v : JSON.stringify(v);
  saveSafetensors(path, tensors, metadata);
}

/** Loads parameters saved for this network; every tensor must be present with the right shape and finite. */
export function loadParams(path: string, net: Network): { params: Float64Array; metadata: Record<string, string> } {
  const { tensors, metadata } = loadSafetensors(path);
  const params = new Float64Array(net.size);
  for (const r of net.paramRefs) {
    const t = tensors[r.name];
    if (!t) throw new OverparamError(`${path}: no tensor named ${r.name} (the file has ${Object.keys(tensors).join(', ') || 'none'}); was it saved for ${net.name}?`);
    if (t.dtype !== 'F64') throw new OverparamError(`${path}: tensor ${r.name} is ${t.dtype}; parameters must be F64`);
    if (t.shape.length !== r.shape.length || t.shape.some((s, i) => s !== r.shape[i])) {
      throw new OverparamError(`${path}: tensor ${r.name} has shape [${t.shape.join(', ')}]; ${net.name} needs [${r.shape.join(', ')}]`);
    }
    const data = t.data as Float64Array;
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new OverparamError(`${path}: tensor ${r.name} holds ${data[bad]} at entry ${bad}; parameters must be finite (was it saved from a diverged run?)`);
    }
    r.view(params).set(data);
  }
  const extra = Object.keys(tensors).filter((k) => !net.paramRefs.some((r) => r.name === k));
  if (extra.length > 0) throw new OverparamError(`${path}: tensors ${extra.join(', ')} do not belong to ${net.name}`);
  return { params, metadata };
}
