// Writes a synthetic OSV npm dump shaped like the real all.zip: one
// <ID>.json per record at the root; mostly malicious-package records with a
// `versions` list (as the OpenSSF feed publishes them), the rest GHSA-style
// advisories with ECOSYSTEM ranges, CVSS vectors and references.
// Usage: node dist/bench/generate-osv-zip.js <out.zip> [records=200000] [malware share=0.8]
import { spawn } from 'node:child_process';
import { once } from 'node:events';

const out = process.argv[2] ?? 'osv-synthetic.zip';
const total = Number(process.argv[3] ?? 200_000);
const MALWARE_SHARE = Number(process.argv[4] ?? 0.8);

/** A small deterministic PRNG so the file is the same on every run. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(42);
const pick = (n: number): number => Math.floor(random() * n);
const popular = ['lodash', 'express', 'debug', 'ms', 'minimist', 'axios', 'moment', 'semver', 'qs', 'ws', 'handlebars', 'jsonwebtoken', 'tar', 'glob'];

export function syntheticRecord(index: number): { id: string; json: string } {
  const modified = new Date(Date.UTC(2020, 0, 1) + pick(5 * 365) * 86_400_000).toISOString();
  if (index < total * MALWARE_SHARE) {
    const id = `MAL-${2022 + (index % 4)}-${index}`;
    const name = `${['react', 'node', 'discord', 'web3', 'crypto'][pick(5)]}-${['utils', 'helper', 'sdk', 'lib', 'tools'][pick(5)]}-${index}`;
    const versions = Array.from({ length: 1 + pick(6) }, (_, v) => `${pick(3)}.${v}.${pick(10)}`);
    const record = {
      schema_version: '1.6.0',
      id,
      modified,
      published: modified,
      summary: `Malicious code in ${name} (npm)`,
      details: `\n---\n_-= Per source details. Do not edit below this line.=-_\n\n## Source: ghsa-malware\nAny computer that has this package installed or running should be considered fully compromised.`,
      affected: [{ package: { ecosystem: 'npm', name }, versions, database_specific: { source: 'synthetic' } }],
      database_specific: { 'malicious-packages-origins': [{ source: 'ghsa-malware', sha256: 'x'.repeat(64), modified_time: modified }] },
    };
    return { id, json: JSON.stringify(record) };
  }
  const id = `GHSA-${index.toString(36).padStart(4, '0')}-${pick(46656).toString(36).padStart(4, '0')}-${pick(46656).toString(36).padStart(4, '0')}`;
  // A few advisories hit popular packages (lodash has a dozen in the real data), most hit the long tail.
  const name = random() < 0.02 ? popular[pick(popular.length)] ?? 'lodash' : `package-${pick(20_000)}`;
  const fixedMajor = 1 + pick(5);
  const record = {
    schema_version: '1.6.0',
    id,
    modified,
    published: modified,
    aliases: [`CVE-${2015 + pick(10)}-${10_000 + index}`],
    summary: `Prototype Pollution in ${name}`,
    details: 'A synthetic advisory with a realistic amount of text. '.repeat(20),
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [
      {
        package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `${fixedMajor}.${pick(20)}.${pick(20)}` }] }],
        database_specific: { source: 'synthetic' },
      },
    ],
    references: [{ type: 'ADVISORY', url: `https://github.com/advisories/${id}` }, { type: 'WEB', url: `https://example.org/${index}` }],
    database_specific: { cwe_ids: ['CWE-1321'], severity: 'HIGH', github_reviewed: true },
  };
  return { id, json: JSON.stringify(record) };
}

/**
 * Packs the records with Python's zipfile (python3 is on every machine
 * here): yazl, our test zip writer, rescans its whole entry list for every
 * entry and needs hours for 200,000 of them. Records go to python's stdin as
 * `<name>\t<json>` lines and are written one by one, in bounded memory.
 */
const PACKER = [
  'import sys, zipfile',
  'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:',
  '    for line in sys.stdin.buffer:',
  '        name, _, data = line.rstrip(b"\\n").partition(b"\\t")',
  '        z.writestr(name.decode(), data)',
].join('\n');

async function main(): Promise<void> {
  const python = spawn('python3', ['-c', PACKER, out], { stdio: ['pipe', 'inherit', 'inherit'] });
  const closed = once(python, 'close');
  for (let i = 0; i < total; i++) {
    const { id, json } = syntheticRecord(i);
    if (!python.stdin.write(`${id}.json\t${json}\n`)) await once(python.stdin, 'drain');
  }
  python.stdin.end();
  const [code] = (await closed) as [number | null];
  if (code !== 0) throw new Error(`python3 zipfile exited with ${code}`);
  console.log(`wrote ${out}: ${total} records`);
}

await main();
