/** The policy file's name, found by walking up from the scanned directory. */
export const POLICY_FILE = '.deptrust.json';

/** The starter file `deptrust init` writes. */
export function starterPolicy(): string {
  const expires = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return `${JSON.stringify(
    {
      $schema: 'https://deptrust.dev/schemas/policy.v1.schema.json',
      version: 1,
      failOn: {
        severity: 'high',
        riskScore: 80,
        signals: ['typosquat', 'malware'],
        licenses: { deny: ['AGPL-3.0-only', 'GPL-3.0-only'] },
        sources: { allow: ['registry', 'workspace', 'link'] },
      },
      omit: [],
      ignore: [
        {
          id: 'GHSA-xxxx-xxxx-xxxx',
          package: 'example-package',
          versions: '<2.0.0',
          reason: 'Replace with why this advisory does not apply to us, then remove this example.',
          expires,
          justification: 'code_not_reachable',
        },
      ],
    },
    null,
    2,
  )}\n`;
}
