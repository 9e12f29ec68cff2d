import type { OsvRecord } from '../../src/model/advisory.js';

/** A minimal valid npm OSV record; override what a test needs. */
export function osvRecord(id: string, name: string, events: Array<Record<string, string>>, extra: Partial<OsvRecord> = {}): OsvRecord {
  return {
    schema_version: '1.6.0',
    id,
    modified: '2024-01-01T00:00:00Z',
    published: '2023-06-01T00:00:00Z',
    summary: `${id} in ${name}`,
    affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events }] }],
    ...extra,
  };
}
