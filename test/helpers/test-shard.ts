import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `npm test` runs the suite as a few shard processes, each importing its
 * share of the test files, instead of one process per file: every process
 * would load the same modules (the CLI, arborist, SQLite, CycloneDX) again,
 * and that start-up was about half the suite's CPU. A test file still runs
 * alone as well (`node --test dist/test/cli/scan.test.js`).
 */
export const SHARD_COUNT = 4;

const testRoot = fileURLToPath(new URL('..', import.meta.url));

function testFiles(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const entryPath = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...testFiles(entryPath));
    else if (entry.name.endsWith('.test.js')) files.push(entryPath);
  }
  return files;
}

/** Every compiled test file, in a stable order (relative paths, code-unit order). */
export function allTestFiles(): string[] {
  return testFiles(testRoot)
    .map((file) => path.relative(testRoot, file))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The files of shard `index` (0-based): every SHARD_COUNT-th file, so each shard gets a share of every folder. */
export function shardFiles(index: number): string[] {
  return allTestFiles().filter((_, position) => position % SHARD_COUNT === index);
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
