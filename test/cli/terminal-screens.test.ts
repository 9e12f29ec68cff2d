import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { binPath, fixtureProject } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * The terminal report as a person sees it: the CLI runs in a real terminal
 * (tmux, a pseudo-terminal of the given size, stdout a TTY), and the screen
 * is read back with capture-pane. `-J` joins lines the terminal wrapped, so a
 * line that did not fit comes back longer than the terminal.
 */
async function screen(columns: number): Promise<string> {
  const dir = tempDir();
  const socket = path.join(dir, 'tmux.sock');
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  // A clean environment: no user database, cache, npm config or colour preference; no network.
  const env = [
    `PATH=${process.env['PATH'] ?? ''}`,
    `HOME=${dir}`,
    `DEPTRUST_DB=${path.join(dir, 'deptrust.db')}`,
    `XDG_CACHE_HOME=${path.join(dir, 'cache')}`,
    'DEPTRUST_OSV_DUMP_URL=http://127.0.0.1:9',
    'DEPTRUST_RETRIES=0',
    'npm_config_registry=http://127.0.0.1:9/',
    'TERM=xterm-256color',
  ];
  const command = [
    'env -i', ...env.map((e) => `'${e}'`),
    `'${process.execPath}' '${binPath}' scan '${fixtureProject('old-express-api')}' --no-registry 2>'${path.join(dir, 'stderr.txt')}'`,
    `; tmux -S '${socket}' wait-for -S scanned; sleep 60`,
  ].join(' ');
  tmux('new-session', '-d', '-x', String(columns), '-y', '200', command);
  try {
    await promisify(execFile)('tmux', ['-S', socket, 'wait-for', 'scanned']);
    return tmux('capture-pane', '-p', '-J', '-S', '0', '-E', '199');
  } finally {
    try {
      tmux('kill-server');
    } catch {
      // already gone
    }
    assert.match(readFileSync(path.join(dir, 'stderr.txt'), 'utf8'), /built-in sample/);
  }
}

// [columns]: the four terminals run at once.
const WIDTHS = [80, 100, 120, 200];
const screens = new Map(WIDTHS.map((columns) => [columns, screen(columns)]));
for (const columns of WIDTHS) {
  test(`in a ${columns}-column terminal the example API's report fits without a wrapped line`, async () => {
    const lines = (await screens.get(columns))?.replace(/\n+$/, '').split('\n') ?? [];
    const long = lines.filter((line) => line.length > columns);
    assert.deepEqual(long, [], `lines longer than ${columns} columns:\n${long.join('\n')}`);
    assert.match(lines[0] ?? '', /^FAIL {2}\d+ policy violations? in \d+ packages?/);
    assert.equal(lines[1], 'Act first on:');
    const rows = lines.filter((line) => /^│ \d/.test(line)).map((line) => line.split('│')[2]?.trim());
    assert.ok(rows.length >= 10, `expected the example's vulnerable packages, got ${rows.length}`);
    assert.equal(new Set(rows).size, rows.length, 'each vulnerable package once');
  });
}
