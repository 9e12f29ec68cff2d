import { existsSync } from 'node:fs';
import path from 'node:path';

/** The policy file's name, found by walking up from the scanned directory. */
export const POLICY_FILE = '.deptrust.json';

/**
 * The starter file `deptrust init` writes: valid and silent as written (no
 * placeholder ignore rule to warn about; docs/policy.md shows one). `$schema`
 * is given only when it resolves: the path of the schema this package ships,
 * relative to the policy file.
 */
export function starterPolicy(schemaPath?: string): string {
  return `${JSON.stringify(
    {
      ...(schemaPath === undefined ? {} : { $schema: schemaPath }),
      version: 1,
      failOn: {
        severity: 'high',
        riskScore: 80,
        signals: ['typosquat', 'malware'],
        licenses: { deny: ['AGPL-3.0-only', 'GPL-3.0-only'] },
        sources: { allow: ['registry', 'workspace', 'link'] },
      },
      omit: [],
      ignore: [],
    },
    null,
    2,
  )}\n`;
}

const SHIPPED_SCHEMA = ['node_modules', 'deptrust', 'docs', 'schemas', 'policy.v1.schema.json'];

/**
 * The policy schema as an editor can find it from `dir`: the copy in the
 * nearest `node_modules/deptrust` (walking up, as Node resolves packages),
 * as a relative path with forward slashes; undefined when deptrust is not
 * installed there (a global install has no path that holds on other machines).
 */
export function shippedSchemaPath(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const candidate = path.join(current, ...SHIPPED_SCHEMA);
    if (existsSync(candidate)) return path.relative(path.resolve(dir), candidate).split(path.sep).join('/');
    if (path.dirname(current) === current) return undefined;
  }
}
