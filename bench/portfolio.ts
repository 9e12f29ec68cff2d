// The portfolio at organisation scale on PostgreSQL (issue 11): a synthetic
// portfolio of 2,000 projects x 1,500 components (3 million component rows)
// in a throwaway cluster, then
//   - `portfolio who lodash@<4.17.21` (in process, and the CLI end to end),
//   - recording a 2,500-component scan (building the record and storing it),
//   - `portfolio audit` of every project (the CLI, local advisory database),
//   - 50 concurrent `scan --record` CLI runs, all landing.
// Prints the figures; nothing is timed against a threshold here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ScanResult } from '../src/model/scan-result.js';
import { buildRecord } from '../src/portfolio/build-record.js';
import { whoShips } from '../src/portfolio/who.js';
import { PostgresPortfolioStore } from '../src/store/postgres-portfolio-store.js';
import { startTestCluster } from '../test/helpers/postgres.js';
import { writeNpmProject } from '../test/helpers/npm-project.js';
import { osvRecord } from '../test/helpers/osv-records.js';
import { makeComponent } from '../test/helpers/make-component.js';
import { binPath } from '../test/helpers/paths.js';
import { cleanEnv } from '../test/helpers/clean-env.js';
import { median, timed } from './timing.js';
import { spawn } from 'node:child_process';

const PROJECTS = Number(process.env['BENCH_PROJECTS'] ?? 2000);
const COMPONENTS = Number(process.env['BENCH_COMPONENTS'] ?? 1500);
const NAMES = 5000;
const CONCURRENT = Number(process.env['BENCH_CONCURRENT'] ?? 50);

const work = mkdtempSync(path.join(tmpdir(), 'deptrust-bench-portfolio-'));
const cluster = await startTestCluster();
const seconds = (start: number): number => (performance.now() - start) / 1000;
// The machine is shared: every figure says how loaded it was (1-minute load average).
const loadNow = (): string => loadavg()[0]?.toFixed(1) ?? '?';
console.log(`${cpus().length} cores, load ${loadNow()} at the start`);
try {
  const database = await cluster.createDatabase('bench');
  const url = cluster.url(database);
  const store = await PostgresPortfolioStore.open(url, {}, { poolSize: 4 });

  // Seeding: generated server-side (the bench measures queries, not the seeding path).
  let start = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    CREATE TEMP TABLE bench_projects AS
      SELECT n, gen_random_uuid() AS id FROM generate_series(1, ${PROJECTS}) AS n;
    INSERT INTO portfolio_records
      SELECT id, 'git.example.com/acme/svc-' || lpad(n::text, 4, '0'), 'svc-' || n, 'git.example.com/acme/svc-' || lpad(n::text, 4, '0'), '', 'main',
             md5(n::text) || 'abcdefgh', now() - (n || ' minutes')::interval, '0.1.0', 'bench', now(), ${COMPONENTS}, 0, 0, 0, 0, 0, 0, 40, true, 0
      FROM bench_projects;
    INSERT INTO portfolio_components
      SELECT p.id,
             CASE WHEN j = 1 THEN 'lodash' ELSE 'pkg-' || lpad(((p.n * 7 + j * 13) % ${NAMES})::text, 4, '0') END,
             CASE WHEN j = 1 THEN (ARRAY['4.17.15', '4.17.20', '4.17.21'])[1 + p.n % 3] ELSE '1.' || (j % 10) || '.0' END,
             CASE WHEN j = 1 THEN 'pkg:npm/lodash@' || (ARRAY['4.17.15', '4.17.20', '4.17.21'])[1 + p.n % 3]
                  ELSE 'pkg:npm/pkg-' || lpad(((p.n * 7 + j * 13) % ${NAMES})::text, 4, '0') || '@1.' || (j % 10) || '.0' END,
             'prod', 'registry', j <= 20, 1 + j % 6, 1 + j % 3, 'MIT', 'a@1.0.0 > b@2.0.0', j % 60
      FROM bench_projects p, generate_series(1, ${COMPONENTS}) AS j;
    ANALYZE portfolio_records; ANALYZE portfolio_components;`);
  const rows = Number((await client.query('SELECT count(*) AS n FROM portfolio_components')).rows[0].n);
  await client.end();
  console.log(`seeded ${PROJECTS} projects x ${COMPONENTS} components = ${rows.toLocaleString('en')} component rows in ${seconds(start).toFixed(1)} s`);

  // who, in process (query + range filter), then the CLI end to end.
  const whoTimes: number[] = [];
  let matches = 0;
  for (let i = 0; i < 7; i++) {
    start = performance.now();
    matches = whoShips(await store.who('lodash'), { name: 'lodash', range: '<4.17.21' }).length;
    whoTimes.push(seconds(start) * 1000);
  }
  console.log(`portfolio who lodash@<4.17.21: ${matches} projects; query + filter in process median ${median(whoTimes).toFixed(0)} ms (of 7; first ${whoTimes[0]?.toFixed(0)} ms; load ${loadNow()})`);
  const env = { ...cleanEnv(work), DEPTRUST_DB: path.join(work, 'advisories.db') };
  for (const [format, args] of [
    ['JSON to a file', ['--format', 'json', '-o', path.join(work, 'who.json')]],
    ['table on stdout', ['--format', 'table']],
  ] as const) {
    const load = loadNow();
    const serverBefore = cluster.serverCpuSeconds();
    const runs = Array.from({ length: 7 }, () => timed(process.execPath, [binPath, 'portfolio', 'who', 'lodash@<4.17.21', '--store', url, ...args], work, { env }));
    const server = (cluster.serverCpuSeconds() - serverBefore) / runs.length;
    console.log(
      `  the CLI end to end (node start-up, connect, query, ${format}): median ${(median(runs.map((run) => run.seconds)) * 1000).toFixed(0)} ms wall, ` +
        `${(median(runs.map((run) => run.cpuSeconds)) * 1000).toFixed(0)} ms CPU, server ${(server * 1000).toFixed(0)} ms CPU per run (of 7; load ${load})`,
    );
  }

  // Recording a 2,500-component scan: the record built from a ScanResult and stored, against the 3M-row store.
  const components = Array.from({ length: 2500 }, (_, i) => makeComponent(`rec-${i}`, `2.${i % 10}.0`, { direct: i < 30, depth: 1 + (i % 5) }));
  const result: Pick<ScanResult, 'inventory' | 'findings' | 'scores' | 'data'> = {
    inventory: { root: work, project: { name: 'big' }, sourceFile: 'package-lock.json', components, edges: [], paths: new Map(components.map((c) => [c.id, { count: 2, sample: [[c.id]] }])), workspaces: [], warnings: [] },
    findings: [],
    scores: components.map((c) => ({ componentId: c.id, score: 12, base: 12, exposureFactor: 1, reasons: [] })),
    data: { kind: 'database', description: 'bench', advisoryCount: 0 },
  };
  const recordTimes: number[] = [];
  for (let i = 0; i < 7; i++) {
    start = performance.now();
    const record = buildRecord(result, { id: randomUUID(), project: { key: `bench/big-${i}`, name: 'big', folder: '' }, branch: 'main', recordedAt: new Date(), toolVersion: '0.1.0', verdict: { passed: true, violations: 0 }, ignore: [] });
    await store.record(record);
    recordTimes.push(seconds(start) * 1000);
  }
  console.log(`recording a 2,500-component scan (build + one transaction): median ${median(recordTimes).toFixed(0)} ms (of 7; first ${recordTimes[0]?.toFixed(0)} ms; load ${loadNow()})`);
  await store.close();

  // Audit: advisories for 300 of the package names and lodash, imported into a local database.
  const advisories = path.join(work, 'osv');
  mkdirSync(advisories);
  writeFileSync(path.join(advisories, 'GHSA-lodash.json'), JSON.stringify(osvRecord('GHSA-35jh-r3h4-6jhm', 'lodash', [{ introduced: '0' }, { fixed: '4.17.21' }], { database_specific: { severity: 'HIGH' } })));
  for (let n = 0; n < 300; n++) {
    const name = `pkg-${String(n).padStart(4, '0')}`;
    writeFileSync(path.join(advisories, `GHSA-${name}.json`), JSON.stringify(osvRecord(`GHSA-bench-${name}`, name, [{ introduced: '0' }, { fixed: '1.5.0' }], { database_specific: { severity: n % 2 ? 'MODERATE' : 'CRITICAL' } })));
  }
  timed(process.execPath, [binPath, 'db', 'import', advisories], work, { env });
  for (const run of [1, 2]) {
    const load = loadNow();
    const serverBefore = cluster.serverCpuSeconds();
    const audit = timed(process.execPath, [binPath, 'portfolio', 'audit', '--store', url, '--offline', '--format', 'json', '-o', path.join(work, 'audit.json')], work, { env, allowFailure: true });
    const server = cluster.serverCpuSeconds() - serverBefore;
    const report = JSON.parse(readFileSync(path.join(work, 'audit.json'), 'utf8')) as { summary: { projects: number; added: number } };
    console.log(
      `portfolio audit of ${report.summary.projects} projects (run ${run}): ${audit.seconds.toFixed(1)} s wall, ${audit.cpuSeconds.toFixed(1)} s CPU, server ${server.toFixed(1)} s CPU, ` +
        `peak RSS ${(audit.maxRssKb / 1024).toFixed(0)} MiB, ${report.summary.added.toLocaleString('en')} findings new since the records (load ${load} before, ${loadNow()} after)`,
    );
  }

  // 50 concurrent scan --record runs against the same store.
  const project = path.join(work, 'svc');
  writeNpmProject(project, { name: 'svc', dependencies: { lodash: '^4.17.0' } }, [{ name: 'lodash', version: '4.17.20' }]);
  start = performance.now();
  const codes = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [binPath, 'scan', project, '--record', '--store', url, '--project', `concurrent-${i}`, '--offline', '--no-registry', '--no-progress', '-o', path.join(work, `c-${i}.txt`)], { env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        child.on('close', (code) => {
          // Exit 1 is the policy verdict (lodash 4.17.20 has an advisory in the imported data); anything else is shown.
          if (code !== 0 && code !== 1) console.log(`  run ${i} exited ${code}: ${stderr.trim().split('\n').at(-1)}`);
          resolve(code);
        });
      }),
    ),
  );
  const wall = seconds(start);
  const check = new pg.Client({ connectionString: url });
  await check.connect();
  const landed = (await check.query<{ n: string; distinct: string }>("SELECT count(*) AS n, count(DISTINCT project_key) AS distinct FROM portfolio_records WHERE project_key LIKE 'concurrent-%'")).rows[0];
  await check.end();
  console.log(`${CONCURRENT} concurrent scan --record: ${landed?.n} records, ${landed?.distinct} distinct projects, exit codes ${[...new Set(codes)].join(',')}, ${wall.toFixed(1)} s wall for all (load ${loadNow()} after)`);
} finally {
  cluster.stop();
  rmSync(work, { recursive: true, force: true });
}
