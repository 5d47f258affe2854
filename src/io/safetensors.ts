/**
 * Reading and writing safetensors files (the Hugging Face format), for the large arrays that commands
 * write beside their JSON results (kernels, weights, trajectories).
 *
 * Layout: an 8-byte little-endian u64 N; N bytes of UTF-8 JSON header
 * `{"__metadata__": {string: string}, name: {"dtype", "shape", "data_offsets": [begin, end]}, ...}`;
 * then the raw little-endian tensor bytes. Offsets are relative to the start of the data section, and
 * the tensors tile it exactly: no gaps, no overlaps, nothing after the last one.
 *
 * Writing: header keys sorted by name, header padded with spaces so that the data section starts at a
 * multiple of 8 bytes, and tensors laid out by item size (8-byte types first) then name, so that every
 * tensor starts at a multiple of its own item size without padding between tensors (padding would break
 * the contiguity that every reader, the reference Rust one included, checks). An F64 or I64 tensor
 * therefore always starts 8-byte aligned in the file.
 *
 * Reading validates everything and copies each tensor into a fresh, aligned typed array, so the file may
 * sit at any offset in memory and the result never aliases the input bytes.
 */
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OverparamError, ShapeError } from '../errors.js';
import { fsProblem } from './files.js';
import { Matrix } from '../linalg/matrix.js';

export type Dtype = 'F64' | 'F32' | 'I64' | 'I32';
export type TensorData = Float64Array | Float32Array | BigInt64Array | Int32Array;

export interface Tensor {
  dtype: Dtype;
  /** Row-major (C-order) shape; `[]` is a scalar (one element). */
  shape: number[];
  data: TensorData;
}

export interface DecodedSafetensors {
  tensors: Record<string, Tensor>;
  metadata: Record<string, string>;
}

/** A safetensors file (or byte buffer) that is malformed, or tensors that cannot be written as one. */
export class SafetensorsError extends OverparamError {
  /** The file (or other source) the problem was found in. */
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.file = file;
  }
}

const ITEM_SIZE: Record<Dtype, number> = { F64: 8, F32: 4, I64: 8, I32: 4 };
/** Dtypes the format defines that this reader does not load (named so the message can say so). */
const OTHER_FORMAT_DTYPES = new Set(['BOOL', 'U8', 'I8', 'U16', 'I16', 'F16', 'BF16', 'U32', 'U64', 'F8_E5M2', 'F8_E4M3']);
const METADATA_KEY = '__metadata__';
/** The reference implementation refuses headers above 100 MB; so do we (it also bounds allocation). */
export const MAX_HEADER_BYTES = 100_000_000;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isDtype(s: string): s is Dtype {
  return s === 'F64' || s === 'F32' || s === 'I64' || s === 'I32';
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

function dataMatchesDtype(dtype: Dtype, data: TensorData): boolean {
  switch (dtype) {
    case 'F64':
      return data instanceof Float64Array;
    case 'F32':
      return data instanceof Float32Array;
    case 'I64':
      return data instanceof BigInt64Array;
    case 'I32':
      return data instanceof Int32Array;
  }
}

function allocate(dtype: Dtype, count: number): TensorData {
  switch (dtype) {
    case 'F64':
      return new Float64Array(count);
    case 'F32':
      return new Float32Array(count);
    case 'I64':
      return new BigInt64Array(count);
    case 'I32':
      return new Int32Array(count);
  }
}

/** The bytes of a typed array, little-endian, without going through JS numbers (NaN payloads survive). */
function littleEndianBytes(data: TensorData): Uint8Array {
  const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN_HOST) return raw;
  const size = data.BYTES_PER_ELEMENT;
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += size) for (let k = 0; k < size; k++) out[i + k] = raw[i + size - 1 - k];
  return out;
}

/** A float64 tensor; checks that the data length matches the shape. */
export function f64(shape: number[], data: Float64Array): Tensor {
  checkShape('f64', shape);
  if (data.length !== elementCount(shape)) {
    throw new ShapeError(`f64: shape [${shape.join(', ')}] needs ${elementCount(shape)} entries; got ${data.length}`);
  }
  return { dtype: 'F64', shape: shape.slice(), data };
}

/** A matrix as a rows×cols F64 tensor (shares the matrix's storage). */
export function matrixTensor(m: Matrix): Tensor {
  return { dtype: 'F64', shape: [m.rows, m.cols], data: m.data };
}

/** A 2-D (or 1-D, as a column) F64 tensor as a Matrix sharing its storage. */
export function tensorMatrix(t: Tensor, name = 'tensor'): Matrix {
  if (t.dtype !== 'F64' || !(t.data instanceof Float64Array)) {
    throw new ShapeError(`${name}: a matrix needs an F64 tensor; got ${t.dtype}`);
  }
  if (t.shape.length === 2) return new Matrix(t.shape[0], t.shape[1], t.data);
  if (t.shape.length === 1) return new Matrix(t.shape[0], 1, t.data);
  throw new ShapeError(`${name}: a matrix needs a 1-D or 2-D tensor; got shape [${t.shape.join(', ')}]`);
}

function checkShape(what: string, shape: readonly number[]): void {
  for (const s of shape) {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new ShapeError(`${what}: shape [${shape.join(', ')}] has an entry that is not a non-negative integer`);
    }
  }
}

/**
 * Encodes tensors (and optional string metadata) as a safetensors byte buffer. Throws a ShapeError
 * when a tensor's data length does not match its shape, a SafetensorsError for a bad name or dtype.
 */
export function encodeSafetensors(tensors: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const src = '<encode>';
  const names = Object.keys(tensors).sort(compareNames);
  for (const name of names) {
    const t = tensors[name];
    if (name === METADATA_KEY) throw new SafetensorsError(src, `"${METADATA_KEY}" cannot be a tensor name`);
    if (name.length === 0) throw new SafetensorsError(src, 'a tensor name cannot be empty');
    if (!isDtype(t.dtype)) throw new SafetensorsError(src, `tensor "${name}": unsupported dtype ${String(t.dtype)}`);
    checkShape(`tensor "${name}"`, t.shape);
    if (!dataMatchesDtype(t.dtype, t.data)) {
      throw new SafetensorsError(src, `tensor "${name}": dtype ${t.dtype} does not match its ${t.data.constructor.name}`);
    }
    const count = elementCount(t.shape);
    if (t.data.length !== count) {
      throw new ShapeError(`tensor "${name}": shape [${t.shape.join(', ')}] needs ${count} entries; got ${t.data.length}`);
    }
  }
  // Data layout: larger items first, then by name, so that each tensor is aligned to its item size.
  const layout = names.slice().sort((a, b) => ITEM_SIZE[tensors[b].dtype] - ITEM_SIZE[tensors[a].dtype] || compareNames(a, b));
  const offsets = new Map<string, [number, number]>();
  let pos = 0;
  for (const name of layout) {
    const len = tensors[name].data.byteLength;
    offsets.set(name, [pos, pos + len]);
    pos += len;
  }
  const dataBytes = pos;

  // Object.fromEntries defines own properties, so even a name like "__proto__" is written as a key.
  const headerEntries: [string, unknown][] = [];
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    const md: [string, string][] = [];
    for (const key of Object.keys(metadata).sort(compareNames)) {
      const v: unknown = metadata[key];
      if (typeof v !== 'string') throw new SafetensorsError(src, `metadata "${key}" must be a string; got ${typeof v}`);
      md.push([key, v]);
    }
    headerEntries.push([METADATA_KEY, Object.fromEntries(md)]);
  }
  for (const name of names) {
    const t = tensors[name];
    headerEntries.push([name, { dtype: t.dtype, shape: t.shape.slice(), data_offsets: offsets.get(name) }]);
  }
  const header = Object.fromEntries(headerEntries);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLen = Math.ceil(json.length / 8) * 8;
  if (headerLen > MAX_HEADER_BYTES) throw new SafetensorsError(src, `the header would be ${headerLen} bytes (limit ${MAX_HEADER_BYTES})`);

  const out = new Uint8Array(8 + headerLen + dataBytes);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLen), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  const base = 8 + headerLen;
  for (const name of layout) out.set(littleEndianBytes(tensors[name].data), base + offsets.get(name)![0]);
  return out;
}

/** Orders names by UTF-16 code units (deterministic, locale-independent). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNonNegativeInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

interface Entry {
  name: string;
  dtype: Dtype;
  shape: number[];
  begin: number;
  end: number;
}

/**
 * Decodes a safetensors byte buffer. `source` (a file name) is used in error messages. Every problem —
 * truncated file, header length beyond the file, invalid UTF-8 or JSON, unknown dtype, a shape that
 * does not match its byte span, offsets that overlap, leave gaps or run past the end — throws a
 * SafetensorsError naming the source and the problem.
 */
export function decodeSafetensors(bytes: Uint8Array, source = '<bytes>'): DecodedSafetensors {
  const fail = (problem: string): never => {
    throw new SafetensorsError(source, problem);
  };
  if (bytes.length < 8) fail(`file is ${bytes.length} bytes; a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(bytes.length - 8)) {
    fail(`header length ${n64} exceeds the ${bytes.length - 8} bytes that follow the length field`);
  }
  const n = Number(n64);
  if (n > MAX_HEADER_BYTES) fail(`header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  if (n < 2) fail(`header length ${n} is too small for a JSON object`);

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    return fail('header is not valid UTF-8');
  }
  if (text[0] !== '{') fail(`header must start with "{"; it starts with ${JSON.stringify(text.slice(0, 10))}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`header is not valid JSON (${(e as Error).message})`);
  }
  if (!isPlainObject(parsed)) return fail('header must be a JSON object');

  const metadataEntries: [string, string][] = [];
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(parsed)) {
    if (name === METADATA_KEY) {
      if (!isPlainObject(info)) fail(`"${METADATA_KEY}" must be an object of strings`);
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`metadata "${k}" must be a string; got ${JSON.stringify(v)}`);
        metadataEntries.push([k, v as string]);
      }
      continue;
    }
    const what = `tensor "${name}"`;
    if (!isPlainObject(info)) return fail(`${what}: entry must be an object with dtype, shape and data_offsets`);
    for (const key of Object.keys(info)) {
      if (key !== 'dtype' && key !== 'shape' && key !== 'data_offsets') fail(`${what}: unknown field "${key}"`);
    }
    const { dtype, shape, data_offsets: offs } = info;
    if (typeof dtype !== 'string') return fail(`${what}: dtype must be a string; got ${JSON.stringify(dtype)}`);
    if (!isDtype(dtype)) {
      return fail(
        OTHER_FORMAT_DTYPES.has(dtype)
          ? `${what}: dtype ${dtype} is not supported (supported: F64, F32, I64, I32)`
          : `${what}: unknown dtype ${JSON.stringify(dtype)}`,
      );
    }
    if (!Array.isArray(shape) || !shape.every(isNonNegativeInteger)) {
      return fail(`${what}: shape must be an array of non-negative integers; got ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isNonNegativeInteger)) {
      return fail(`${what}: data_offsets must be [begin, end] with non-negative integers; got ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end < begin) fail(`${what}: data_offsets [${begin}, ${end}] end before they begin`);
    const count = elementCount(shape as number[]);
    const span = end - begin;
    if (count * ITEM_SIZE[dtype] !== span) {
      fail(
        `${what}: shape [${(shape as number[]).join(', ')}] × ${ITEM_SIZE[dtype]} bytes (${dtype}) = ` +
          `${count * ITEM_SIZE[dtype]} bytes, but data_offsets [${begin}, ${end}] span ${span}`,
      );
    }
    entries.push({ name, dtype, shape: (shape as number[]).slice(), begin, end });
  }

  const dataStart = 8 + n;
  const dataLen = bytes.length - dataStart;
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  let prev = '';
  for (const e of entries) {
    if (e.end > dataLen) {
      fail(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] run past the end of the data (${dataLen} bytes)`);
    }
    if (e.begin < pos) fail(`tensor "${e.name}": data_offsets [${e.begin}, ${e.end}] overlap tensor "${prev}" (which ends at ${pos})`);
    if (e.begin > pos) {
      fail(`tensor "${e.name}": data_offsets begin at ${e.begin}, leaving a gap after byte ${pos} (tensors must be contiguous)`);
    }
    pos = e.end;
    prev = e.name;
  }
  if (pos !== dataLen) {
    fail(`${dataLen - pos} trailing bytes after the last tensor (data section is ${dataLen} bytes; tensors cover ${pos})`);
  }

  const tensorEntries: [string, Tensor][] = [];
  for (const e of entries.sort((a, b) => compareNames(a.name, b.name))) {
    const count = elementCount(e.shape);
    const data = allocate(e.dtype, count);
    const src = bytes.subarray(dataStart + e.begin, dataStart + e.end);
    if (LITTLE_ENDIAN_HOST) {
      new Uint8Array(data.buffer).set(src);
    } else {
      const size = ITEM_SIZE[e.dtype];
      const dst = new Uint8Array(data.buffer);
      for (let i = 0; i < src.length; i += size) for (let k = 0; k < size; k++) dst[i + k] = src[i + size - 1 - k];
    }
    tensorEntries.push([e.name, { dtype: e.dtype, shape: e.shape, data }]);
  }
  // Object.fromEntries defines own properties: a tensor named "__proto__" stays an ordinary key.
  return { tensors: Object.fromEntries(tensorEntries), metadata: Object.fromEntries(metadataEntries) };
}

/**
 * Writes a safetensors file atomically: to a temporary file in the same directory, then renamed over
 * `path`, so a reader never sees a half-written file.
 */
export function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): void {
  const bytes = encodeSafetensors(tensors, metadata);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temporary file was never created
    }
    throw new SafetensorsError(path, `cannot write the file: ${fsProblem(e) ?? (e as Error).message}`);
  }
}

/** Reads and decodes a safetensors file; errors name the path. */
export function loadSafetensors(path: string): DecodedSafetensors {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new SafetensorsError(path, `cannot read the file: ${fsProblem(e) ?? (e as Error).message}`);
  }
  return decodeSafetensors(bytes, path);
}
