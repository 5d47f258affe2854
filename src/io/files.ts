/**
 * Files the user names: inputs that must be readable files, outputs that must be writable before any
 * work starts, writes that are atomic (a temporary file in the same folder, renamed over the target),
 * and JSON Lines files whose cut-short last line (what a kill leaves) is cut off before appending.
 *
 * Every operating-system error becomes a ConfigError naming the path and the problem in words
 * ("is a folder", "permission denied", "no space left on the device"), never an errno trace.
 */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

/** The problem an fs error code names, in words; undefined for codes that are not the user's doing. */
export function fsProblem(e: unknown): string | undefined {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT': return 'does not exist';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder, not a file';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EROFS': return 'the file system is read-only';
    case 'EEXIST': return 'already exists';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'ELOOP': return 'too many symbolic links';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    case 'EIO': return 'input/output error';
    case 'EINVAL': return 'invalid argument for this file';
    case 'EFBIG': return 'the file is too large for the file system';
    default: return undefined;
  }
}

/** Runs fn; an fs error becomes a ConfigError "<what> <path>: <problem>". Other errors pass through. */
export function withFsErrors<T>(what: string, path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const problem = fsProblem(e);
    if (problem === undefined) throw e;
    throw new ConfigError(`${what} ${path}: ${problem}`);
  }
}

function statOrUndefined(path: string, what?: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    const problem = fsProblem(e);
    if (problem === undefined) throw e;
    throw new ConfigError(`${what === undefined ? '' : `${what} `}${path}: ${problem}`);
  }
}

/** The largest text input read whole (specs, results): larger files are refused, not parsed. */
export const MAX_TEXT_INPUT_BYTES = 512 * 1024 * 1024;

/** Checks that `path` names an existing regular file (not a folder) of at most maxBytes; returns its size. */
export function checkInputFile(path: string, what: string, maxBytes = MAX_TEXT_INPUT_BYTES): number {
  const st = statOrUndefined(path, what);
  if (st === undefined) throw new ConfigError(`${what} ${path} does not exist`);
  if (st.isDirectory()) throw new ConfigError(`${what} ${path} is a folder; give a file`);
  if (!st.isFile()) throw new ConfigError(`${what} ${path} is not a regular file`);
  if (st.size > maxBytes) throw new ConfigError(`${what} ${path} is ${formatBytes(st.size)}, more than the ${formatBytes(maxBytes)} this input may have`);
  return st.size;
}

/** A text input file, read whole; a UTF-8 byte-order mark is dropped (editors on Windows write one). */
export function readTextInput(path: string, what: string, maxBytes = MAX_TEXT_INPUT_BYTES): string {
  checkInputFile(path, what, maxBytes);
  const text = withFsErrors(`cannot read ${what}`, path, () => readFileSync(path, 'utf8'));
  return stripBom(text);
}

/** Text without a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

let probeCounter = 0;

/** Creates and removes a small file in dir: the cheapest proof that results can be written there. */
function probeWritable(dir: string, flag: string): void {
  const probe = join(dir, `.overparam-write-check-${process.pid}-${probeCounter++}`);
  withFsErrors(`${flag}: cannot write in`, dir, () => {
    try {
      writeFileSync(probe, 'x');
    } catch (e) {
      // A full disk creates the file and then fails to write it: leave nothing behind.
      try {
        unlinkSync(probe);
      } catch {
        // it was never created
      }
      throw e;
    }
    unlinkSync(probe);
  });
}

/**
 * An output folder: created when missing; refused, before any work, when it is a file, cannot be
 * created, or cannot be written to. `flag` names the option in messages (e.g. "--out").
 */
export function prepareOutputDir(dir: string, flag: string): void {
  if (dir.trim() === '') throw new ConfigError(`${flag} is empty; give a folder for the results`);
  const st = statOrUndefined(dir, flag);
  if (st !== undefined && !st.isDirectory()) throw new ConfigError(`${flag} ${dir} is a file, not a folder; give a folder for the results`);
  if (st === undefined) withFsErrors(`${flag}: cannot create the folder`, dir, () => makeDirs(dir));
  probeWritable(dir, flag);
}

/** An output file: refused before any work when it is a folder or its folder cannot be created or written. */
export function prepareOutputFile(file: string, flag: string): void {
  if (file.trim() === '') throw new ConfigError(`${flag} is empty; give a file name for the results`);
  const st = statOrUndefined(file, flag);
  if (st?.isDirectory()) throw new ConfigError(`${flag} ${file} is a folder; give a file name for the results`);
  prepareOutputDir(dirname(file) === '' ? '.' : dirname(file), `${flag} ${file}: its folder`);
}

/**
 * mkdir -p, one level at a time from the nearest existing folder. (Node's recursive mkdir loops for
 * ever where a folder refuses children with ENOENT, as /proc does.)
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (statOrUndefined(d) === undefined) {
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'EEXIST') throw e;
    }
  }
}

let tmpCounter = 0;

/**
 * Writes a file atomically: the data goes to a temporary file beside the target, which is then renamed
 * over it, so a reader (or a kill) sees the old file or the new one, never a torn one. The folder is
 * created when missing. A failure removes the temporary file and names the target.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = dirname(file) === '' ? '.' : dirname(file);
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}-${tmpCounter++}`);
  try {
    makeDirs(dir);
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written, or it is gone already
    }
    const problem = fsProblem(e);
    if (problem === undefined) throw e;
    throw new ConfigError(`cannot write ${file}: ${problem}`);
  }
}

/**
 * Makes a JSON Lines file safe to append to: when its last line was cut short (no final newline, the
 * normal state after a kill), that fragment is cut off; a last line that is whole but lacks its newline
 * (`complete` says so; by default, when it parses as JSON) gets the newline instead. Returns the
 * fragment removed ('' when none). A missing file is left missing.
 */
export function cutTornTail(file: string, complete: (line: string) => boolean = parsesAsJson): string {
  const st = statOrUndefined(file);
  if (st === undefined || st.size === 0) return '';
  return withFsErrors('cannot repair', file, () => {
    const fd = openSync(file, 'r+');
    try {
      const size = fstatSync(fd).size;
      // Scan back from the end for the last newline, a block at a time.
      const block = Buffer.alloc(Math.min(size, 65536));
      let end = size;
      let keep = -1;
      while (end > 0 && keep < 0) {
        const start = Math.max(0, end - block.length);
        const n = readSync(fd, block, 0, end - start, start);
        const at = block.subarray(0, n).lastIndexOf(0x0a);
        if (at >= 0) keep = start + at + 1;
        end = start;
      }
      if (keep < 0) keep = 0;
      if (keep === size) return '';
      const frag = Buffer.alloc(size - keep);
      readSync(fd, frag, 0, frag.length, keep);
      const text = frag.toString('utf8');
      if (complete(text)) {
        writeSync(fd, '\n', size);
        return '';
      }
      ftruncateSync(fd, keep);
      return text;
    } finally {
      closeSync(fd);
    }
  });
}

function parsesAsJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
