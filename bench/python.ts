/**
 * Reference measurements in Python (numpy, later PyTorch) taken in the same run as ours. The script gets
 * a JSON request on stdin and answers JSON on stdout. Debian's /usr/bin/python3 is preferred (its numpy
 * uses the system OpenBLAS); OVERPARAM_BENCH_PYTHON overrides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface PythonInfo {
  executable: string;
}

/** The first Python that can import the given module, or null. */
export function findPython(module: string): PythonInfo | null {
  const candidates = [process.env['OVERPARAM_BENCH_PYTHON'], '/usr/bin/python3', 'python3'].filter(
    (c): c is string => c !== undefined && c !== '' && (c.includes('/') ? existsSync(c) : true),
  );
  for (const executable of candidates) {
    const r = spawnSync(executable, ['-c', `import ${module}`], { encoding: 'utf8' });
    if (r.status === 0) return { executable };
  }
  return null;
}

/** Runs a reference script with a JSON request and returns its JSON answer. */
export function runPython<T>(py: PythonInfo, script: string, request: unknown, timeoutMs = 30 * 60 * 1000): T {
  const r = spawnSync(py.executable, [script], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}
