import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestedCommand } from '../../src/cli/command-table.js';
import { runCli } from '../helpers/run-cli.js';

// A command line loads only the command it names (docs/architecture.md, cli);
// the program's help and "unknown command" answers still know them all; the version needs none.

const ALL_COMMANDS = ['scan', 'sbom', 'diff', 'fix', 'reduce', 'explain', 'db', 'portfolio', 'init'];

test('the command a command line names: its first word, the word after help, or none of ours', () => {
  assert.equal(requestedCommand(['portfolio', 'who', 'lodash@<4.17.21']), 'portfolio');
  assert.equal(requestedCommand(['--no-progress', 'scan', '.']), 'scan');
  assert.equal(requestedCommand(['help', 'db']), 'db');
  assert.equal(requestedCommand(['sbom', '--help']), 'sbom');
  assert.equal(requestedCommand([]), undefined);
  assert.equal(requestedCommand(['--help']), undefined);
  assert.equal(requestedCommand(['help']), undefined);
  assert.equal(requestedCommand(['scna']), undefined);
});

test('the program help lists every command, in order, whichever is loaded', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0, help.stderr);
  const listed = [...help.stdout.matchAll(/^ {2}(\w+)\b/gm)].map((match) => match[1]).filter((name) => name !== 'help');
  assert.deepEqual(listed, ALL_COMMANDS);
});

test('a command named through help, a misspelt command, and one command with its subcommands', async () => {
  const dbHelp = await runCli(['help', 'db']);
  assert.equal(dbHelp.code, 0, dbHelp.stderr);
  assert.match(dbHelp.stdout, /^Usage: deptrust db \[options\] \[command\]/m);
  assert.match(dbHelp.stdout, /^ {2}import /m);

  const misspelt = await runCli(['scna']);
  assert.equal(misspelt.code, 2);
  assert.match(misspelt.stderr, /^deptrust: unknown command 'scna'.*Did you mean scan\?/m);

  const portfolioHelp = await runCli(['portfolio', 'who', '--help']);
  assert.equal(portfolioHelp.code, 0, portfolioHelp.stderr);
  assert.match(portfolioHelp.stdout, /^Usage: deptrust portfolio who \[options\] <package>/m);
});
