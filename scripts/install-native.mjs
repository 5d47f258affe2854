#!/usr/bin/env node
/**
 * Builds the optional native backend (native/ → native/build/Release/overparam_native.node) with node-gyp.
 * Runs as the package's `install` script and as `npm run build:native` (with --force).
 *
 * Never fails the installation: when the addon cannot be built (no compiler, no OpenBLAS/LAPACKE), it
 * prints one notice to stderr and exits 0, and overparam uses its portable TypeScript backend.
 *
 *   --force                 rebuild even when the addon is newer than its sources
 *   OVERPARAM_SKIP_NATIVE=1 do nothing
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'native');
const addonPath = path.join(nativeDir, 'build', 'Release', 'overparam_native.node');
const force = process.argv.slice(2).includes('--force');

const HINT =
  'For the fast native backend install OpenBLAS and LAPACKE (Debian/Ubuntu: ' +
  '`apt-get install libopenblas-dev liblapacke-dev`; macOS uses Accelerate) and run `npm run build:native`.';

/** The one notice of a failed build: the informative tail of the build log, then what to do. */
function notice(reason, log = '') {
  const lines = log.split(/\r?\n/).map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  const noise = /^gyp (ERR!|info|verb|WARN) (stack|System|command|cwd|node -v|node-gyp -v|not ok|find Python|spawn|ok)\b/;
  const informative = lines.filter((l) => !noise.test(l) && /error|cannot|not found|no such|undefined reference/i.test(l));
  const tail = (informative.length > 0 ? informative : lines).slice(-6);
  const detail = tail.length > 0 ? '\n' + tail.map((l) => '  | ' + (l.length > 200 ? l.slice(0, 197) + '...' : l)).join('\n') : '';
  process.stderr.write(
    `overparam: the native addon was not built (${reason}); the portable backend will be used.${detail}\n` +
      `overparam: ${HINT}\n`,
  );
}

/** Newest modification time among the addon's sources. */
function sourcesMtime() {
  let newest = statSync(path.join(nativeDir, 'binding.gyp')).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(path.join(nativeDir, 'src'));
  return newest;
}

function onPath(name) {
  const exts = process.platform === 'win32' ? ['.cmd', '.exe', ''] : [''];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      if (existsSync(p)) return p;
    }
  }
  return undefined;
}

/** How to run node-gyp: npm's own choice, then PATH, then the copy bundled with npm. */
function findNodeGyp() {
  const js = (p) => ({ cmd: process.execPath, pre: [p], shell: false });
  const fromNpm = process.env['npm_config_node_gyp'];
  if (fromNpm && existsSync(fromNpm)) {
    return fromNpm.endsWith('.js') ? js(fromNpm) : { cmd: fromNpm, pre: [], shell: process.platform === 'win32' };
  }
  const exe = onPath('node-gyp');
  if (exe) return { cmd: exe, pre: [], shell: process.platform === 'win32' };
  const bin = path.join('node-gyp', 'bin', 'node-gyp.js');
  const nodeDir = path.dirname(process.execPath);
  const candidates = [
    path.join(root, 'node_modules', bin),
    ...(process.env['npm_execpath']
      ? [path.join(path.dirname(process.env['npm_execpath']), '..', 'node_modules', bin)]
      : []),
    path.join(nodeDir, '..', 'lib', 'node_modules', 'npm', 'node_modules', bin), // Unix prefix layout
    path.join(nodeDir, 'node_modules', 'npm', 'node_modules', bin), // Windows layout
  ];
  const found = candidates.find((p) => existsSync(p));
  return found ? js(found) : undefined;
}

/** Node's own headers next to its binary (system or tarball install), so node-gyp need not download them. */
function localNodeDir() {
  if (process.env['npm_config_nodedir']) return undefined; // node-gyp reads it itself
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const inc = path.join(prefix, 'include', 'node');
  return existsSync(path.join(inc, 'node_api.h')) && existsSync(path.join(inc, 'common.gypi')) ? prefix : undefined;
}

function main() {
  if (process.env['OVERPARAM_SKIP_NATIVE'] === '1') return;
  if (!existsSync(path.join(nativeDir, 'binding.gyp'))) {
    notice('native/binding.gyp is missing');
    return;
  }
  if (!force && existsSync(addonPath) && statSync(addonPath).mtimeMs > sourcesMtime()) return;

  const gyp = findNodeGyp();
  if (!gyp) {
    notice('node-gyp was not found');
    return;
  }
  const args = [...gyp.pre, 'rebuild', '--directory', nativeDir];
  const nodedir = localNodeDir();
  if (nodedir) args.push(`--nodedir=${nodedir}`);
  // binding.gyp runs `node -p ...`: make that the node running this script.
  const env = { ...process.env, PATH: path.dirname(process.execPath) + path.delimiter + (process.env['PATH'] ?? '') };
  const res = spawnSync(gyp.cmd, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    shell: gyp.shell,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
    windowsHide: true,
  });
  const log = `${res.stdout ?? ''}\n${res.stderr ?? ''}`;
  if (res.error) {
    notice(`node-gyp could not run: ${res.error.message}`, log);
    return;
  }
  if (res.status !== 0) {
    notice(res.signal ? `node-gyp was killed by ${res.signal}` : 'the build failed', log);
    return;
  }
  let library;
  try {
    const addon = createRequire(import.meta.url)(addonPath);
    library = addon.info().library;
  } catch (e) {
    notice('it was built but does not load', e instanceof Error ? e.message : String(e));
    return;
  }
  if (force) process.stdout.write(`overparam: native backend built (${library}).\n`);
}

try {
  main();
} catch (e) {
  // An installation must never fail because of the optional addon.
  notice(`unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
process.exit(0);
