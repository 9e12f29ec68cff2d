import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { repoRoot } from './paths.js';

/**
 * `npm test` runs the suite as a few shard processes, each importing its
 * share of the test files, instead of one process per file: every process
 * would load the same modules (the CLI, arborist, SQLite, CycloneDX) again,
 * and that start-up was about half the suite's CPU. A test file still runs
 * alone as well (`node --test dist/test/cli/scan.test.js`). Three: on two
 * cores, four shards took about 8% more wall time and 10% more CPU than
 * three (every shard loads the modules again, and more processes contend),
 * and two no less wall time than three (docs/performance.md).
 * package.json's `test` script names one file per shard
 * (test/shards/shard-<n>.ts).
 */
export const SHARD_COUNT = 3;

const testRoot = fileURLToPath(new URL('..', import.meta.url));
const sourceRoot = path.join(repoRoot, 'test');
/** What each test file costs run alone (bench/test-costs.ts measures it): the shards are balanced by it. */
export const TEST_COSTS_FILE = path.join(sourceRoot, 'shards', 'test-costs.json');

function testFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...testFiles(entryPath));
    else if (entry.name.endsWith('.test.js')) files.push(entryPath);
  }
  return files;
}

/**
 * Every compiled test file, in a stable order (relative paths, code-unit
 * order). Only those whose source is still there: the build is incremental,
 * and a test file removed from test/ leaves its compiled copy in dist/.
 */
export function allTestFiles(): string[] {
  return testFiles(testRoot)
    .map((file) => path.relative(testRoot, file))
    .filter((file) => existsSync(path.join(sourceRoot, file.replace(/\.js$/, '.ts'))))
    .sort(byCodeUnits);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Seconds per test file, as measured; a file not measured yet counts as the median of those that were. */
export function readTestCosts(): Map<string, number> {
  const costs = existsSync(TEST_COSTS_FILE) ? (JSON.parse(readFileSync(TEST_COSTS_FILE, 'utf8')) as { seconds: Record<string, number> }).seconds : {};
  return new Map(Object.entries(costs));
}

/**
 * Splits `files` into `count` shards of about equal cost: the costliest file
 * first, each to the shard with the least cost so far (longest processing
 * time first, within 4/3 of the best split). The suite ends with its slowest
 * shard, and the files' costs differ a hundredfold (the PostgreSQL tests,
 * or the lint, against a unit test's milliseconds), so taking
 * every n-th file left one shard with twice another's work. Deterministic:
 * ties go to the earlier file name and the lower shard.
 */
export function balanceShards(files: readonly string[], costs: ReadonlyMap<string, number>, count: number): string[][] {
  const measured = files.map((file) => costs.get(file)).filter((cost): cost is number => cost !== undefined).sort((a, b) => a - b);
  const fallback = measured[Math.floor(measured.length / 2)] ?? 1;
  const costOf = (file: string): number => costs.get(file) ?? fallback;
  const ordered = [...files].sort((a, b) => costOf(b) - costOf(a) || byCodeUnits(a, b));
  const shards = Array.from({ length: count }, () => ({ files: [] as string[], cost: 0 }));
  for (const file of ordered) {
    const lightest = shards.reduce((best, shard) => (shard.cost < best.cost ? shard : best));
    lightest.files.push(file);
    lightest.cost += costOf(file);
  }
  return shards.map((shard) => shard.files.sort(byCodeUnits));
}

/** The files of shard `index` (0-based). */
export function shardFiles(index: number): string[] {
  return balanceShards(allTestFiles(), readTestCosts(), SHARD_COUNT)[index] ?? [];
}

/**
 * Imports the shard's test files; node:test runs the tests they declare in
 * this process. A first test holds the others back until every file is
 * loaded: top-level tests run one at a time, and a test running while later
 * files load would have its timers held up by their module loading. That
 * test also fails, naming the file, when a test file cannot be loaded.
 */
export async function importTestShard(index: number): Promise<void> {
  const files = shardFiles(index);
  let loaded: (failures: readonly string[]) => void = () => undefined;
  const allLoaded = new Promise<readonly string[]>((resolve) => (loaded = resolve));
  test(`shard ${index + 1} of ${SHARD_COUNT} loads its ${files.length} test files`, async () => {
    const failures = await allLoaded;
    if (failures.length > 0) throw new Error(`test files that could not be loaded:\n${failures.join('\n')}`);
  });
  const failures: string[] = [];
  for (const file of files) {
    try {
      await import(pathToFileURL(path.join(testRoot, file)).href);
    } catch (error) {
      failures.push(`${file}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  loaded(failures);
}
