/** Reading the CLI's inputs: model specs (a file or inline JSON) and data files, with located errors. */
import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { readTextInput, stripBom } from '../io/files.js';
import { buildModel } from '../models/spec.js';
import { MAX_JSON_DEPTH, tooDeep } from '../models/specReader.js';
import type { Network } from '../nn/network.js';

/**
 * Parses JSON text, turning a syntax error into a message with the line and column; refuses values
 * nested deeper than MAX_JSON_DEPTH, or `maxDepth` for a reader that checks depth itself with a more
 * telling message (model specs: buildModel, before anything walks the spec).
 */
export function parseJsonText(text: string, source: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let value: unknown;
  try {
    value = JSON.parse(stripBom(text));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const m = /position (\d+)/.exec(msg);
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const col = pos - before.lastIndexOf('\n');
      throw new ConfigError(`${source}:${line}:${col}: invalid JSON (${msg})`);
    }
    throw new ConfigError(`${source}: invalid JSON (${msg})`);
  }
  const deep = maxDepth === Infinity ? undefined : tooDeep(value, source, maxDepth);
  if (deep !== undefined) throw new ConfigError(deep);
  return value;
}

/** A model spec given as a path to a JSON file or as inline JSON (starting with "{"). */
export function readModelSpec(arg: string): { spec: unknown; source: string } {
  const trimmed = arg.trim();
  if (trimmed === '') throw new ConfigError('--model is empty; give a model spec file or inline JSON such as \'{"preset": "du2019-fc", …}\'');
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) return { spec: parseJsonText(trimmed, '--model', Infinity), source: '--model' };
  if (!existsSync(arg)) throw new ConfigError(`model spec file ${arg} does not exist (give a path or inline JSON such as '{"preset": "du2019-fc", …}')`);
  return { spec: parseJsonText(readTextInput(arg, 'model spec file'), arg, Infinity), source: arg };
}

export function loadModel(arg: string): { net: Network; spec: unknown } {
  const { spec, source } = readModelSpec(arg);
  return { net: buildModel(spec, source), spec };
}
