/**
 * Data sets as JSON: `{"x": [[...], ...], "y": [[...], ...] | [...]}` (other top-level keys are
 * ignored). A small recursive-descent parser reads the numeric arrays straight into float64 storage
 * and knows where every value sits, so each error — a syntax error, a ragged row, a string, null, NaN
 * or Infinity where a number belongs, a wrong shape — names the file, line and character column.
 */
import { DataFormatError } from './errors.js';

/** A numeric array read from JSON: 1-D arrays come back as one column. */
export interface JsonMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
  /** Whether the JSON array was 1-D. */
  oneDimensional: boolean;
  /** Line of each row's opening bracket (2-D) or value (1-D). */
  lines: Int32Array;
  /** Line and column where the array starts. */
  line: number;
  column: number;
}

export interface JsonDataset {
  x: JsonMatrix;
  y: JsonMatrix | null;
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly file: string,
  ) {
    if (s.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  // Line bookkeeping for where(): scanning resumes from the last position asked about, so asking in
  // increasing order (one question per row) costs one pass over the text in all.
  private scanAt = 0;
  private scanLine = 1;
  private scanLineStart = 0;

  /** 1-based line and column of a character index. */
  where(at: number): { line: number; column: number } {
    if (at < this.scanAt) {
      this.scanAt = 0;
      this.scanLine = 1;
      this.scanLineStart = 0;
    }
    const end = Math.min(at, this.s.length);
    for (let k = this.scanAt; k < end; k++) {
      if (this.s.charCodeAt(k) === 10) {
        this.scanLine++;
        this.scanLineStart = k + 1;
      }
    }
    this.scanAt = Math.max(this.scanAt, end);
    return { line: this.scanLine, column: at - this.scanLineStart + 1 };
  }

  fail(problem: string, at = this.i): never {
    throw new DataFormatError(this.file, problem, this.where(at));
  }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.i++;
      else break;
    }
  }

  peek(): string {
    return this.s[this.i] ?? '';
  }

  describeHere(): string {
    if (this.i >= this.s.length) return 'the end of the file';
    return JSON.stringify(this.s.slice(this.i, this.i + 12));
  }

  expect(ch: string, context: string): void {
    this.ws();
    if (this.s[this.i] !== ch) this.fail(`expected '${ch}' ${context} but found ${this.describeHere()}`);
    this.i++;
  }

  string(): string {
    const start = this.i;
    if (this.s[this.i] !== '"') this.fail(`expected a string but found ${this.describeHere()}`);
    this.i++;
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.fail('unterminated string', start);
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          this.fail('invalid escape in string');
        }
        continue;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('control character in string');
      out += c;
      this.i++;
    }
  }

  /** A JSON number at the cursor, or a message naming what is there instead. */
  number(): number {
    this.ws();
    const start = this.i;
    JSON_NUMBER.lastIndex = start;
    const m = JSON_NUMBER.exec(this.s);
    if (m === null || m[0].length === 0) {
      const rest = this.s.slice(start, start + 40);
      const word = /^[-+]?[A-Za-z_]\w*/.exec(rest)?.[0];
      if (word !== undefined && /^[-+]?nan$/i.test(word)) {
        this.fail('NaN value (JSON has no NaN; only finite numbers are accepted)');
      }
      if (word !== undefined && /^[-+]?(Infinity|inf)$/i.test(word)) {
        this.fail('infinite value (JSON has no Infinity; only finite numbers are accepted)');
      }
      if (word === 'null') this.fail('null where a number belongs');
      if (word === 'true' || word === 'false') this.fail(`${word} where a number belongs`);
      if (rest[0] === '"') {
        const str = this.string();
        this.fail(`non-numeric value ${JSON.stringify(str.length > 40 ? str.slice(0, 40) + '…' : str)} where a number belongs`, start);
      }
      if (rest[0] === '{') this.fail('an object where a number belongs');
      this.fail(`expected a number but found ${this.describeHere()}`);
    }
    const next = this.s[start + m[0].length];
    if (next !== undefined && /[0-9A-Za-z.+\-_]/.test(next)) {
      this.fail(`invalid number ${JSON.stringify(this.s.slice(start, start + m[0].length + 1))}`);
    }
    this.i = start + m[0].length;
    const v = Number(m[0]);
    if (!Number.isFinite(v)) this.fail(`value ${m[0]} overflows float64`, start);
    return v;
  }

  /** Skips any JSON value (for keys we do not use). */
  skipValue(depth = 0): void {
    this.ws();
    if (depth > 512) this.fail('nesting too deep');
    const c = this.peek();
    if (c === '{') {
      this.i++;
      this.ws();
      if (this.peek() === '}') {
        this.i++;
        return;
      }
      for (;;) {
        this.ws();
        this.string();
        this.expect(':', 'after an object key');
        this.skipValue(depth + 1);
        this.ws();
        if (this.peek() === ',') this.i++;
        else return this.expect('}', 'or \',\' in an object');
      }
    }
    if (c === '[') {
      this.i++;
      this.ws();
      if (this.peek() === ']') {
        this.i++;
        return;
      }
      for (;;) {
        this.skipValue(depth + 1);
        this.ws();
        if (this.peek() === ',') this.i++;
        else return this.expect(']', "or ',' in an array");
      }
    }
    if (c === '"') {
      this.string();
      return;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (this.s.startsWith(lit, this.i)) {
        this.i += lit.length;
        return;
      }
    }
    this.number();
  }

  /** A 1-D or 2-D array of finite numbers, for key `key`. */
  matrix(key: string): JsonMatrix {
    this.ws();
    const start = this.i;
    const at = this.where(start);
    if (this.peek() !== '[') this.fail(`"${key}" must be an array of numbers or an array of rows; found ${this.describeHere()}`);
    this.i++;
    this.ws();
    if (this.peek() === ']') this.fail(`"${key}" is empty`, start);
    const twoD = this.peek() === '[';
    let data = new Float64Array(256);
    let size = 0;
    const push = (v: number): void => {
      if (size === data.length) {
        const bigger = new Float64Array(2 * data.length);
        bigger.set(data);
        data = bigger;
      }
      data[size++] = v;
    };
    const lines: number[] = [];
    let cols = twoD ? -1 : 1;
    let firstRowLine = 0;
    for (;;) {
      this.ws();
      if (this.i >= this.s.length) this.fail(`unexpected end of the file inside "${key}"`);
      const rowStart = this.i;
      const rowLine = this.where(rowStart).line;
      if (twoD) {
        if (this.peek() !== '[') this.fail(`row ${lines.length + 1} of "${key}" is not an array (rows must all be arrays)`);
        this.i++;
        let count = 0;
        this.ws();
        if (this.peek() !== ']') {
          for (;;) {
            this.ws();
            if (this.peek() === '[') this.fail(`wrong shape: "${key}" has more than two dimensions`);
            push(this.number());
            count++;
            this.ws();
            if (this.peek() === ',') this.i++;
            else {
              this.expect(']', `or ',' in row ${lines.length + 1} of "${key}"`);
              break;
            }
          }
        } else {
          this.i++;
        }
        if (cols < 0) {
          cols = count;
          firstRowLine = rowLine;
        } else if (count !== cols) {
          const problem = `ragged row: row ${lines.length + 1} of "${key}" has ${count} entries, but row 1 (line ${firstRowLine}) has ${cols}`;
          this.fail(problem, rowStart);
        }
      } else {
        if (this.peek() === '[') this.fail(`row ${lines.length + 1} of "${key}" is an array, but row 1 is a number (mixed shapes)`);
        push(this.number());
      }
      lines.push(rowLine);
      this.ws();
      if (this.peek() === ',') this.i++;
      else {
        this.expect(']', `or ',' after row ${lines.length} of "${key}"`);
        break;
      }
    }
    return {
      rows: lines.length,
      cols,
      data: data.slice(0, size),
      oneDimensional: !twoD,
      lines: Int32Array.from(lines),
      line: at.line,
      column: at.column,
    };
  }

  dataset(): JsonDataset {
    this.ws();
    if (this.i >= this.s.length) this.fail('empty file');
    if (this.peek() !== '{') this.fail(`the top level must be an object {"x": ..., "y": ...}; found ${this.describeHere()}`);
    this.i++;
    let x: JsonMatrix | null = null;
    let y: JsonMatrix | null = null;
    this.ws();
    if (this.peek() === '}') this.i++;
    else {
      for (;;) {
        this.ws();
        const keyAt = this.i;
        const key = this.string();
        this.expect(':', 'after an object key');
        if (key === 'x' || key === 'y') {
          if ((key === 'x' ? x : y) !== null) this.fail(`duplicate key "${key}"`, keyAt);
          const m = this.matrix(key);
          if (key === 'x') x = m;
          else y = m;
        } else {
          this.skipValue();
        }
        this.ws();
        if (this.peek() === ',') this.i++;
        else {
          this.expect('}', "or ',' in the top-level object");
          break;
        }
      }
    }
    this.ws();
    if (this.i < this.s.length) this.fail(`unexpected text after the top-level object: ${this.describeHere()}`);
    if (x === null) this.fail('no "x" key: expected {"x": [[...], ...], "y": [...]}', 0);
    return { x, y };
  }
}

/** Parses a JSON data set; `file` names the source in errors. */
export function parseJsonDataset(text: string, file: string): JsonDataset {
  return new Parser(text, file).dataset();
}
