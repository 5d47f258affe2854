/** Reading the CLI's inputs: model specs (a file or inline JSON), with located errors. */
import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { readTextInput } from '../io/files.js';
import { parseJsonText } from '../io/jsonText.js';
import { buildModel } from '../models/spec.js';
import type { Network } from '../nn/network.js';

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
