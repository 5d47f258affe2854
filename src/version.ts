/** The package version, read from package.json at the package root. */
import { readFileSync } from 'node:fs';
import { packageRoot } from './packageRoot.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}
