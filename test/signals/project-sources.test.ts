import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { sampleProvider } from '../../src/advisories/providers.js';
import { SAMPLE_FILE } from '../../src/pipeline/data-files.js';
import { scanProject } from '../../src/pipeline/scan-project.js';
import { parseSource, type SourceParser } from '../../src/signals/parse-source.js';
import { ProjectSources } from '../../src/signals/project-sources.js';
import { collectSourceImports } from '../../src/signals/reachability.js';
import { analyseUsage } from '../../src/signals/usage/analyse-usage.js';
import { collectUsage } from '../../src/signals/usage/collect-usage.js';
import { fixtureProject, repoRoot } from '../helpers/paths.js';

/** The real parser, counting how often it is given each file. */
function countingParser(): { parse: SourceParser; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  return {
    counts,
    parse: (code, file) => {
      counts.set(file, (counts.get(file) ?? 0) + 1);
      return parseSource(code, file);
    },
  };
}

test('a scan parses each source file once, for reachability and usage both', async () => {
  const { parse, counts } = countingParser();
  const sources = new ProjectSources(parse);
  const result = await scanProject(fixtureProject('old-express-api'), { provider: sampleProvider(SAMPLE_FILE), now: () => new Date('2026-11-29T00:00:00Z'), projectSources: sources });
  assert.ok(result.sourceAnalysis && result.sourceAnalysis.filesParsed > 0, 'reachability read the code');
  assert.ok((result.usage?.searched.code ?? 0) > 0, 'usage read the code');
  assert.deepEqual([...counts.entries()].filter(([, n]) => n !== 1), [], 'no file parsed twice');
  // Every file reachability followed (src/) is one usage read as well: served from the first parse.
  const stats = sources.stats();
  assert.equal(stats.parsed, counts.size);
  assert.ok(stats.reused >= result.sourceAnalysis.filesParsed, `${stats.reused} reused, ${result.sourceAnalysis.filesParsed} followed by reachability`);
});

test('sharing the parses changes neither analysis', () => {
  const project = path.join(repoRoot, 'test', 'fixtures', 'usage', 'express-ts-api');
  const shared = new ProjectSources();
  const sharedImports = collectSourceImports(project, shared);
  const sharedUsage = analyseUsage(project, [], undefined, shared);
  assert.deepEqual(sharedImports, collectSourceImports(project, new ProjectSources()));
  assert.deepEqual(sharedUsage, analyseUsage(project, [], undefined, new ProjectSources()));
  assert.ok(shared.stats().reused > 0);
});

test('an unparseable file is one parse too, and each analysis reports it its own way', () => {
  const project = path.join(repoRoot, 'test', 'fixtures', 'reachability', 'esm');
  let calls = 0;
  const sources = new ProjectSources(() => {
    calls++;
    throw new SyntaxError('Unexpected token (1:1)\n> 1 | ???');
  });
  const imports = collectSourceImports(project, sources);
  const usage = collectUsage(project, [], new Set(), sources);
  assert.equal(imports.filesParsed, 0);
  assert.ok(imports.parseErrors.length > 0 && imports.parseErrors.every((e) => e.endsWith(': Unexpected token (1:1)')), imports.parseErrors.join('\n'));
  assert.deepEqual(usage.unparsed.map((u) => u.detail), imports.parseErrors.map(() => 'Unexpected token (1:1)'));
  assert.equal(calls, sources.stats().parsed);
  assert.equal(calls, imports.parseErrors.length);
});
