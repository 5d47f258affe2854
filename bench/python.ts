/**
 * Reference measurements in Python (numpy, later PyTorch) taken in the same run as ours. The script gets
 * a JSON request on stdin and answers JSON on stdout. Debian's /usr/bin/python3 is preferred (its numpy
 * uses the system OpenBLAS); OVERPARAM_BENCH_PYTHON overrides. The scripts run with the OpenBLAS kernel
 * set the native backend chose for this CPU (openblasCore.ts), so a reference over the same library is
 * not left on a slower set than ours.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chooseOpenblasCore } from '../src/linalg/backends/openblasCore.js';

chooseOpenblasCore();

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

/**
 * A reference script kept running for alternating rounds: it gets its setup request as the first line
 * on stdin, answers "ready", then answers each request line with one JSON line, so ours and the
 * reference can take turns in the same minute of a shared machine.
 */
export class PythonSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private waiting: ((line: string) => void)[] = [];
  private stderr = '';

  constructor(py: PythonInfo, script: string, setup: unknown) {
    this.child = spawn(py.executable, [script, '--session'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr.on('data', (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-4000);
    });
    this.child.stdin.write(`${JSON.stringify(setup)}\n`);
  }

  /** Sends one request and resolves with the script's answer line, parsed. */
  call<T>(request: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`reference script exited (${code}): ${this.stderr}`));
      this.child.once('exit', onExit);
      this.waiting.push((line) => {
        this.child.off('exit', onExit);
        try {
          resolve(JSON.parse(line) as T);
        } catch {
          reject(new Error(`reference script answered ${line.slice(0, 200)}; stderr: ${this.stderr}`));
        }
      });
      if (request !== null) this.child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  close(): void {
    this.child.stdin.end();
  }
}
