import { readFileSync } from 'node:fs';

/** deptrust's own version, from its package.json (two folders up from dist/src/pipeline). */
export function deptrustVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
  if (manifest && typeof manifest === 'object' && 'version' in manifest && typeof manifest.version === 'string') {
    return manifest.version;
  }
  return '0.0.0';
}
