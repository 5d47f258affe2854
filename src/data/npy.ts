/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0): the magic "\x93NUMPY", a version, a header
 * length (u16 for 1.0, u32 for 2.0/3.0), a Python-literal dict
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }` padded with spaces and a newline, then
 * the raw C-order data. Reads float64/float32/int64/int32 in either byte order as float64; refuses
 * Fortran order, object and structured arrays, other dtypes and more than two dimensions, each with a
 * message naming the file and what to do.
 */
import { DataFormatError } from './errors.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export interface NpyArray {
  /** The array's shape as stored (0, 1 or 2 dimensions are all returned; callers decide). */
  shape: number[];
  /** The descr string, e.g. '<f8'. */
  descr: string;
  /** Values converted to float64, C order. */
  data: Float64Array;
}

type PyValue = string | number | boolean | null | PyValue[] | { [k: string]: PyValue };

/** How deep tuples, lists and dicts may nest in a header (numpy writes a dict holding one tuple: 2). */
export const MAX_HEADER_DEPTH = 32;

/**
 * A parser for the Python literals that appear in .npy headers (dict, tuple, list, str, int, bool,
 * None). Nesting beyond MAX_HEADER_DEPTH is refused, so a crafted header cannot overflow the stack.
 */
function parsePyLiteral(s: string, fail: (problem: string) => never): PyValue {
  let i = 0;
  const ws = (): void => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const value = (depth: number): PyValue => {
    ws();
    const c = s[i];
    if (c === '{' || c === '(' || c === '[') {
      if (depth >= MAX_HEADER_DEPTH) fail(`malformed header: brackets nest deeper than ${MAX_HEADER_DEPTH} at character ${i}`);
      const close = c === '{' ? '}' : c === '(' ? ')' : ']';
      i++;
      const items: PyValue[] = [];
      const dict: { [k: string]: PyValue } = {};
      for (;;) {
        ws();
        if (s[i] === close) {
          i++;
          break;
        }
        const v = value(depth + 1);
        if (c === '{') {
          ws();
          if (s[i] !== ':') fail(`malformed header: expected ':' at character ${i}`);
          i++;
          if (typeof v !== 'string') fail('malformed header: dictionary keys must be strings');
          dict[v as string] = value(depth + 1);
        } else {
          items.push(v);
        }
        ws();
        if (s[i] === ',') i++;
        else if (s[i] !== close) fail(`malformed header: expected ',' or '${close}' at character ${i}`);
      }
      return c === '{' ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = s.indexOf(c, i + 1);
      if (end < 0) fail('malformed header: unterminated string');
      const str = s.slice(i + 1, end);
      i = end + 1;
      return str;
    }
    const m = /^(True|False|None|-?\d+L?)/.exec(s.slice(i));
    if (m === null) fail(`malformed header: unexpected ${JSON.stringify(s.slice(i, i + 10))}`);
    i += m![0].length;
    if (m![0] === 'True') return true;
    if (m![0] === 'False') return false;
    if (m![0] === 'None') return null;
    return Number(m![0].replace('L', ''));
  };
  const v = value(0);
  ws();
  if (i !== s.length) fail(`malformed header: unexpected text after the dictionary`);
  return v;
}

const SUPPORTED = "'<f8', '<f4', '<i8', '<i4' (or big-endian '>…')";

/** Decodes a .npy byte buffer into float64 values; `file` names the source in errors. */
export function decodeNpy(bytes: Uint8Array, file: string): NpyArray {
  const fail = (problem: string, byteOffset?: number): never => {
    throw new DataFormatError(file, problem, byteOffset === undefined ? {} : { byteOffset });
  };
  if (bytes.length === 0) fail('empty file');
  if (bytes.length < 10 || MAGIC.some((b, k) => bytes[k] !== b)) fail('not a .npy file (it does not start with "\\x93NUMPY")', 0);
  const major = bytes[6];
  const minor = bytes[7];
  if (!((major === 1 || major === 2 || major === 3) && minor === 0)) {
    fail(`unsupported .npy format version ${major}.${minor} (supported: 1.0, 2.0, 3.0)`, 6);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else {
    if (bytes.length < 12) fail('truncated header length', 8);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  }
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`header length ${headerLen} runs past the end of the file (${bytes.length} bytes)`, 8);
  let header: string;
  try {
    header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(bytes.subarray(headerStart, dataStart));
  } catch {
    return fail('header is not valid text', headerStart);
  }
  const dict = parsePyLiteral(header.trim(), (p) => fail(p, headerStart));
  if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) return fail('malformed header: not a dictionary', headerStart);
  const { descr, fortran_order: fortran, shape } = dict;
  if (descr === undefined || fortran === undefined || shape === undefined) {
    fail("malformed header: it needs the keys 'descr', 'fortran_order' and 'shape'", headerStart);
  }
  if (Array.isArray(descr)) fail('structured arrays (record dtypes) are not supported; save a plain numeric array', headerStart);
  if (typeof descr !== 'string') return fail("malformed header: 'descr' must be a string", headerStart);
  if (/^[|<>=]?O/.test(descr)) {
    fail(`object arrays (dtype '${descr}') are not supported; save a numeric array (overparam never unpickles)`, headerStart);
  }
  const m = /^([<>])([fi])([48])$/.exec(descr);
  if (m === null) fail(`unsupported dtype '${descr}' (supported: ${SUPPORTED})`, headerStart);
  if (fortran === true) fail('Fortran-order arrays are not supported; save np.ascontiguousarray(a) instead', headerStart);
  if (fortran !== false) fail("malformed header: 'fortran_order' must be True or False", headerStart);
  if (!Array.isArray(shape) || !shape.every((s) => typeof s === 'number' && Number.isSafeInteger(s) && s >= 0)) {
    return fail("malformed header: 'shape' must be a tuple of non-negative integers", headerStart);
  }
  const dims = shape as number[];
  const little = m![1] === '<';
  const kind = m![2];
  const size = Number(m![3]);
  let count = 1;
  for (const s of dims) count *= s;
  const need = count * size;
  const have = bytes.length - dataStart;
  if (have < need) fail(`truncated data: shape (${dims.join(', ')}) of '${descr}' needs ${need} bytes, the file has ${have}`, dataStart);
  if (have > need) fail(`${have - need} trailing bytes after the data of shape (${dims.join(', ')}) '${descr}'`, dataStart + need);

  const data = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const off = dataStart + k * size;
    let v: number;
    if (kind === 'f') v = size === 8 ? view.getFloat64(off, little) : view.getFloat32(off, little);
    else if (size === 4) v = view.getInt32(off, little);
    else {
      const b = view.getBigInt64(off, little);
      v = Number(b);
      if (!Number.isSafeInteger(v)) fail(`int64 value ${b} at element ${k} cannot be represented exactly as float64`, off);
    }
    if (!Number.isFinite(v)) {
      const kind = Number.isNaN(v) ? 'NaN' : 'infinite';
      fail(`${kind} value at element ${elementName(k, dims)} (only finite numbers are accepted)`, off);
    }
    data[k] = v;
  }
  return { shape: dims.slice(), descr, data };
}

/** "(i, j)" for a C-order flat index. */
function elementName(k: number, dims: number[]): string {
  if (dims.length < 2) return `(${k})`;
  const cols = dims[dims.length - 1];
  return dims.length === 2 ? `(${Math.floor(k / cols)}, ${k % cols})` : `${k}`;
}

/** Encodes float64 data of the given shape (C order) as a version 1.0 .npy file with descr '<f8'. */
export function encodeNpy(shape: readonly number[], data: Float64Array): Uint8Array {
  let count = 1;
  for (const s of shape) count *= s;
  if (count !== data.length) throw new RangeError(`encodeNpy: shape (${shape.join(', ')}) needs ${count} values; got ${data.length}`);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + header.length + 1) / 64) * 64; // numpy aligns the data to 64 bytes
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + 8 * count);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) out[10 + k] = header.charCodeAt(k);
  for (let k = 0; k < count; k++) view.setFloat64(total + 8 * k, data[k], true);
  return out;
}
