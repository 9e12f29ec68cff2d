/**
 * What a shell command line (an npm script, a git hook, a Dockerfile's RUN or
 * CMD, a CI step) runs: bins, packages named outright (`npx -p x`,
 * `node -r x`, `node_modules/x/…`), other npm scripts, and source files.
 * Not a shell: enough of POSIX sh's word splitting (quotes, `&&`, `||`, `;`,
 * `|`, `&`, subshells, `VAR=value` prefixes) to find the command words, and
 * the wrappers that run another command after their own options.
 */
export interface CommandReference {
  kind: 'bin' | 'package' | 'script' | 'file';
  /** A bin name, a package name, a script name, or a file path as written. */
  name: string;
}

interface Word {
  text: string;
  /** Written inside quotes: may be a whole command for a wrapper (`concurrently "tsc -w" "nodemon"`). */
  quoted: boolean;
}

const SEPARATOR = /^(?:&&|\|\||;|\||&|\(|\)|\n)$/;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const BARE_SPECIFIER = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*(?:\/[\w.~/-]*)?$/i;

/** Wrappers whose own options come first, then the command they run. */
const WRAPPERS: Record<string, { bin: boolean; optionsWithValue: readonly string[] }> = {
  'cross-env': { bin: true, optionsWithValue: [] },
  'cross-env-shell': { bin: true, optionsWithValue: [] },
  dotenv: { bin: true, optionsWithValue: ['-e', '-c', '-v'] },
  'dotenv-flow': { bin: true, optionsWithValue: ['-e', '-n', '--node-env', '-p', '--path'] },
  'env-cmd': { bin: true, optionsWithValue: ['-f', '--file', '-e', '--environments', '-r', '--rc-file'] },
  env: { bin: false, optionsWithValue: ['-u', '-C'] },
  nohup: { bin: false, optionsWithValue: [] },
  time: { bin: false, optionsWithValue: [] },
  exec: { bin: false, optionsWithValue: [] },
  sudo: { bin: false, optionsWithValue: ['-u', '-g'] },
  'wait-on': { bin: true, optionsWithValue: [] },
  tini: { bin: false, optionsWithValue: [] },
  'dumb-init': { bin: false, optionsWithValue: [] },
};

/** Runners of files: they take preload options (`-r`, `--import`, `--loader`), then the file. */
const FILE_RUNNERS = new Set(['node', 'nodejs', 'ts-node', 'ts-node-esm', 'ts-node-dev', 'tsnd', 'tsx', 'babel-node', 'nodemon', 'node-dev', 'bun', 'esno', 'esr', 'vite-node', 'tsm']);
/** Options of any command whose value is a package to load (`mocha -r ts-node/register`, `nyc --require`, `node --loader ts-node/esm`). */
const PACKAGE_OPTIONS = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--reporter', '--reporters', '-R', '--preset', '--transform', '--plugin', '--parser', '--compiler', '--transpiler', '--env']);
/** Options of a file runner that take a value that is not a package. */
const RUNNER_OPTIONS_WITH_VALUE = new Set(['-e', '--eval', '-p', '--print', '--inspect-port', '--max-old-space-size', '--env-file', '--watch-path', '--project', '-P', '--exec', '-x', '--ext', '--watch', '-w', '--ignore', '-i', '--delay', '--signal', '--config']);
const PACKAGE_MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const RUN_SUBCOMMANDS = new Set(['run', 'run-script', 'rs', 'urn']);
const LIFECYCLE_SUBCOMMANDS = new Set(['start', 'test', 't', 'tst', 'stop', 'restart']);
const EXEC_SUBCOMMANDS = new Set(['exec', 'x', 'dlx']);
/** yarn and pnpm subcommands that are neither a script nor a bin (`yarn install`, `pnpm add`). */
const MANAGER_BUILTINS = new Set([
  'install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'outdated', 'audit', 'publish', 'pack', 'link', 'unlink', 'init', 'create', 'config', 'set', 'get', 'cache', 'why', 'list', 'ls', 'info', 'view', 'version', 'login', 'logout', 'dedupe', 'prune', 'rebuild', 'import', 'workspace', 'workspaces', 'licenses', 'global', 'help', 'store', 'fetch', 'deploy', 'patch', 'patch-commit', 'setup', 'env', 'plugin', 'constraints', 'npm', 'node', 'explain', 'search', 'owner', 'team', 'access', 'doctor', 'fund', 'sbom', 'shrinkwrap', 'ping', 'query', 'pkg', 'prefix', 'root', 'bin', 'completion', 'edit', 'explore', 'hook', 'org', 'profile', 'star', 'token', 'whoami',
]);
const NPX_FLAGS = new Set(['-y', '--yes', '--no', '--no-install', '-q', '--quiet', '--ignore-existing', '--prefer-offline', '--prefer-online', '-s', '--silent']);
const NPM_OPTIONS_WITH_VALUE = new Set(['--prefix', '-w', '--workspace', '--filter', '-F', '-C', '--dir', '--cwd', '--loglevel']);
/** Runners whose non-option arguments are script names. */
const SCRIPT_RUNNERS = new Set(['run-p', 'run-s', 'npm-run-all', 'npm-run-all2']);

/** Everything a command line runs. */
export function commandReferences(command: string): CommandReference[] {
  const found: CommandReference[] = [];
  for (const segment of segments(words(command))) readSegment(segment, found, 0);
  const seen = new Set<string>();
  return found.filter((reference) => {
    const key = `${reference.kind}:${reference.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function readSegment(segment: Word[], found: CommandReference[], depth: number): void {
  if (depth > 8) return;
  let i = 0;
  while (i < segment.length && !segment[i]?.quoted && ASSIGNMENT.test(segment[i]?.text ?? '')) i++;
  const first = segment[i];
  if (!first) return;
  const rest = segment.slice(i + 1);
  // Quoted arguments holding a whole command (`concurrently "tsc -w" "nodemon"`, `sh -c "…"`, `nodemon --exec "ts-node x"`).
  for (const word of segment) if (word.quoted && /\s/.test(word.text.trim())) for (const inner of segments(words(word.text))) readSegment(inner, found, depth + 1);
  // `npm:watch` (concurrently) and `node_modules/x/…` anywhere.
  for (const word of segment) {
    const script = /^npm:([\w:.*-]+)$/.exec(word.text);
    if (script?.[1]) found.push({ kind: 'script', name: script[1] });
    const inModules = nodeModulesReference(word.text);
    if (inModules && word !== first) found.push(inModules);
  }
  // Package-valued options, for any command.
  for (let k = 0; k < rest.length; k++) {
    const option = rest[k]?.text ?? '';
    const [flag, inline] = option.includes('=') && option.startsWith('-') ? [option.slice(0, option.indexOf('=')), option.slice(option.indexOf('=') + 1)] : [option, undefined];
    if (!PACKAGE_OPTIONS.has(flag)) continue;
    const value = inline ?? rest[k + 1]?.text;
    if (value && BARE_SPECIFIER.test(value)) found.push({ kind: 'package', name: value });
  }

  const word = first.text;
  const viaModules = nodeModulesReference(word);
  if (viaModules) {
    found.push(viaModules);
    return;
  }
  const name = word.replace(/^\.\//, '');
  const wrapper = WRAPPERS[name];
  if (wrapper) {
    if (wrapper.bin) found.push({ kind: 'bin', name });
    const separator = rest.findIndex((w) => w.text === '--');
    let k = separator >= 0 ? separator + 1 : 0;
    if (separator < 0) {
      while (k < rest.length) {
        const text = rest[k]?.text ?? '';
        if (wrapper.optionsWithValue.includes(text)) k += 2;
        else if (text.startsWith('-') || ASSIGNMENT.test(text)) k++;
        else break;
      }
    }
    readSegment(rest.slice(k), found, depth + 1);
    return;
  }
  if (name === 'npx' || name === 'pnpx' || name === 'bunx') {
    readExec(rest, found, depth);
    return;
  }
  if (PACKAGE_MANAGERS.has(name)) {
    readManager(name, rest, found, depth);
    return;
  }
  if (SCRIPT_RUNNERS.has(name)) {
    found.push({ kind: 'bin', name });
    for (const w of rest) if (!w.text.startsWith('-') && !/\s/.test(w.text)) found.push({ kind: 'script', name: w.text });
    return;
  }
  if (name === 'sh' || name === 'bash') return;
  if (name !== 'node' && name !== 'nodejs') found.push({ kind: 'bin', name });
  if (FILE_RUNNERS.has(name) || name === 'pm2' || name === 'pm2-runtime' || name === 'forever') {
    for (let k = 0; k < rest.length; k++) {
      const text = rest[k]?.text ?? '';
      if (RUNNER_OPTIONS_WITH_VALUE.has(text) || PACKAGE_OPTIONS.has(text)) {
        k++;
        continue;
      }
      if (text.startsWith('-')) continue;
      if (/\.(?:[cm]?[jt]sx?|json)$/.test(text)) found.push({ kind: 'file', name: text });
    }
  }
}

/** `npx [options] [-p pkg]… bin-or-spec [args]` (and `npm exec`, `pnpm dlx`, `yarn dlx`). */
function readExec(rest: Word[], found: CommandReference[], depth: number): void {
  let k = 0;
  while (k < rest.length) {
    const text = rest[k]?.text ?? '';
    if (text === '-p' || text === '--package') {
      const spec = rest[k + 1]?.text;
      if (spec) found.push({ kind: 'package', name: withoutVersion(spec) });
      k += 2;
    } else if (text.startsWith('--package=')) {
      found.push({ kind: 'package', name: withoutVersion(text.slice('--package='.length)) });
      k++;
    } else if (text === '-c' || text === '--call') {
      const call = rest[k + 1]?.text;
      if (call) for (const inner of segments(words(call))) readSegment(inner, found, depth + 1);
      return;
    } else if (NPX_FLAGS.has(text) || text === '--') {
      k++;
    } else if (text.startsWith('-')) {
      k++;
    } else break;
  }
  const target = rest[k];
  if (!target) return;
  const spec = withoutVersion(target.text);
  // `npx cowsay` runs the bin of that name; `npx @scope/tool` the package's own bin.
  found.push({ kind: 'bin', name: spec.startsWith('@') ? spec.slice(spec.indexOf('/') + 1) : spec });
  if (BARE_SPECIFIER.test(spec)) found.push({ kind: 'package', name: spec });
  readSegment(rest.slice(k), found, depth + 1);
}

function readManager(manager: string, rest: Word[], found: CommandReference[], depth: number): void {
  let k = 0;
  while (k < rest.length && (rest[k]?.text ?? '').startsWith('-')) k += NPM_OPTIONS_WITH_VALUE.has(rest[k]?.text ?? '') ? 2 : 1;
  const sub = rest[k]?.text;
  if (sub === undefined) return;
  const after = rest.slice(k + 1);
  if (RUN_SUBCOMMANDS.has(sub)) {
    const script = after.find((w) => !w.text.startsWith('-'));
    if (script) found.push({ kind: 'script', name: script.text });
    // `bun run file.ts` and `yarn run bin` run files and bins too.
    if (script && manager !== 'npm') found.push({ kind: 'bin', name: script.text });
    return;
  }
  if (LIFECYCLE_SUBCOMMANDS.has(sub)) {
    found.push({ kind: 'script', name: sub === 't' || sub === 'tst' ? 'test' : sub });
    return;
  }
  if (EXEC_SUBCOMMANDS.has(sub)) {
    readExec(after, found, depth);
    return;
  }
  if (manager === 'npm' || MANAGER_BUILTINS.has(sub)) return;
  // `yarn lint`, `pnpm jest`, `bun src/index.ts`: a script of that name, else a bin, else a file.
  found.push({ kind: 'script', name: sub }, { kind: 'bin', name: sub });
  if (manager === 'bun' && /\.(?:[cm]?[jt]sx?)$/.test(sub)) found.push({ kind: 'file', name: sub });
}

/** `node_modules/.bin/jest` runs the bin jest; `node_modules/typescript/bin/tsc` is the package typescript. */
function nodeModulesReference(text: string): CommandReference | undefined {
  const at = text.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const after = text.slice(at + 'node_modules/'.length);
  if (after.startsWith('.bin/')) return after.length > 5 ? { kind: 'bin', name: after.slice(5) } : undefined;
  const parts = after.split('/');
  const name = after.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
  return name && BARE_SPECIFIER.test(name) ? { kind: 'package', name } : undefined;
}

/** `typescript@5` → `typescript`; `@scope/x@^1` → `@scope/x`. */
function withoutVersion(spec: string): string {
  const at = spec.indexOf('@', 1);
  return at > 0 ? spec.slice(0, at) : spec;
}

/** Splits a command line into words, keeping quoted text as one word and operators as their own words. */
function words(command: string): Word[] {
  const result: Word[] = [];
  let current = '';
  let quoted = false;
  let inWord = false;
  const flush = (): void => {
    if (inWord) result.push({ text: current, quoted });
    current = '';
    quoted = false;
    inWord = false;
  };
  for (let i = 0; i < command.length; i++) {
    const c = command[i] ?? '';
    if (c === '\\' && command[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = command.indexOf(c, i + 1);
      const inner = end < 0 ? command.slice(i + 1) : command.slice(i + 1, end);
      // Only a word that opens with a quote is one quoted argument (`"tsc -w"`); `BAR="a b"` is an assignment.
      if (!inWord) quoted = true;
      current += inner;
      inWord = true;
      i = end < 0 ? command.length : end;
      continue;
    }
    if (c === '#' && !inWord) {
      const end = command.indexOf('\n', i);
      i = end < 0 ? command.length : end - 1;
      continue;
    }
    if (/\s/.test(c) && c !== '\n') {
      flush();
      continue;
    }
    const two = command.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      flush();
      result.push({ text: two, quoted: false });
      i++;
      continue;
    }
    if (c === ';' || c === '|' || c === '&' || c === '(' || c === ')' || c === '\n') {
      flush();
      result.push({ text: c, quoted: false });
      continue;
    }
    current += c;
    inWord = true;
  }
  flush();
  return result;
}

function segments(list: Word[]): Word[][] {
  const result: Word[][] = [[]];
  for (const word of list) {
    if (!word.quoted && SEPARATOR.test(word.text)) result.push([]);
    else result[result.length - 1]?.push(word);
  }
  return result.filter((segment) => segment.length > 0);
}
