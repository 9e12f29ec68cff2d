// Measures what each test file costs run alone and writes the figures to
// test/shards/test-costs.json, by which `npm test` balances its shards
// (test/helpers/test-shard.ts). Run it after adding or changing a costly test
// file; a file not measured counts as the median one.
//
// A file's cost is the larger of its wall time and its CPU time (user plus
// system, its child processes included): on the two cores the shards share,
// a file takes at least its own wall time (timers, a server starting) and,
// when every core is busy, about its CPU.
//
// Usage: npm run build && node dist/bench/test-costs.js [--runs N] (default 1)
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../test/helpers/paths.js';
import { allTestFiles, balanceShards, SHARD_COUNT, TEST_COSTS_FILE } from '../test/helpers/test-shard.js';
import { median, timed } from './timing.js';

const runsIndex = process.argv.indexOf('--runs');
const runs = runsIndex === -1 ? 1 : Number(process.argv[runsIndex + 1]);

const seconds: Record<string, number> = {};
for (const file of allTestFiles()) {
  const costs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const result = timed(process.execPath, ['--test', path.join('dist', 'test', file)], repoRoot, { allowFailure: true });
    if (result.status !== 0) throw new Error(`${file} failed (exit ${result.status}): run it alone to see why`);
    costs.push(Math.max(result.seconds, result.cpuSeconds));
  }
  seconds[file] = Math.round(median(costs) * 10) / 10;
  console.log(`${seconds[file]?.toFixed(1).padStart(6)} s  ${file}`);
}

const temporary = `${TEST_COSTS_FILE}.tmp`;
writeFileSync(temporary, `${JSON.stringify({ measured: new Date().toISOString().slice(0, 10), seconds }, null, 2)}\n`);
renameSync(temporary, TEST_COSTS_FILE);

const costs = new Map(Object.entries(seconds));
const shards = balanceShards(Object.keys(seconds), costs, SHARD_COUNT);
const total = (files: readonly string[]): number => files.reduce((sum, file) => sum + (costs.get(file) ?? 0), 0);
console.log(`\n${Object.keys(seconds).length} files, ${total(Object.keys(seconds)).toFixed(1)} s in all; shards: ${shards.map((files) => `${total(files).toFixed(1)} s (${files.length} files)`).join(', ')}`);
console.log(`written to ${path.relative(repoRoot, TEST_COSTS_FILE)}`);
