import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import type { UsageContext, UsageEvidence, UsageEvidenceKind, UsageSource } from '../../model/usage.js';
import { binOwners } from './bin-owners.js';
import { ciCommands, composeCommands, dockerfileCommands, hookCommands, procfileCommands, type FoundCommand } from './command-sources.js';
import { candidateNames, configKind, PACKAGE_JSON_CONFIG_KEYS, type ConfigKind } from './config-files.js';
import { jsonStrings, yamlStrings, type ConfigString } from './config-strings.js';
import { isConventionalRuntimePath, isDevPath, projectFiles, SOURCE_EXTENSIONS, type ProjectFile } from './project-files.js';
import { commandReferences } from './shell-commands.js';
import type { ProjectSources } from '../project-sources.js';
import type { SourceReference } from '../source-references.js';

/** One package.json of the project: the root's ('') or a workspace's. */
export interface ProjectManifest {
  folder: string;
  /** The file's text, for lines. */
  text: string;
  data: Record<string, unknown>;
}

export interface CollectedUsage {
  /** Evidence by package name (declared names only). */
  evidence: Map<string, UsageEvidence[]>;
  /** Non-literal loads (`detail` is the literal prefix, '' for none) and unreadable files: why something may be `unknown`. */
  dynamicLoads: UsageEvidence[];
  unparsed: UsageEvidence[];
  searched: Record<UsageSource, number>;
  /** Whether any code of the project was read (without code, nothing is `unused`). */
  sawCode: boolean;
}

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const TEST_RUNNERS = ['mocha', 'jest', 'jasmine', 'vitest', '@jest/globals'];
const INSTALL_SCRIPTS = new Set(['preinstall', 'install', 'postinstall', 'prepare', 'prepublish', 'prepublishOnly', 'prepack', 'postpack']);
const RUNTIME_SCRIPTS = new Set(['start', 'prestart', 'poststart']);
const CONTEXT_RANK: Record<UsageContext, number> = { dev: 0, other: 1, runtime: 2 };

/**
 * Every piece of evidence that the project uses a declared package: its code
 * (tests and tooling included), npm scripts and the bins they run, git
 * hooks, Dockerfiles, compose files, Procfiles, CI workflows, and the
 * configuration files and package.json keys of the tools that load packages
 * by name. Pure reading: nothing runs. Source files come from `sources`, so
 * a file reachability already parsed is not parsed again.
 */
export function collectUsage(root: string, manifests: readonly ProjectManifest[], declared: ReadonlySet<string>, sources: ProjectSources): CollectedUsage {
  const folders = manifests.map((m) => m.folder).sort((a, b) => b.length - a.length);
  const ownerOf = (file: string): string => folders.find((folder) => folder === '' || file.startsWith(`${folder}/`)) ?? '';
  const evidence = new Map<string, UsageEvidence[]>();
  const searched: Record<UsageSource, number> = { code: 0, 'package-script': 0, 'git-hook': 0, docker: 0, ci: 0, config: 0, 'package-graph': 0 };
  const dynamicLoads: UsageEvidence[] = [];
  const unparsed: UsageEvidence[] = [];
  const add = (name: string, item: UsageEvidence): void => {
    if (!declared.has(name)) return;
    const list = evidence.get(name) ?? [];
    list.push(item);
    evidence.set(name, list);
  };
  const bins = binOwners(root, folders, declared);
  const { files, truncated } = projectFiles(root, (name) => configKind(name) !== undefined);
  if (truncated) unparsed.push({ kind: 'unparsed-file', source: 'code', file: '.', line: 0, context: 'other', detail: 'more files than are read' });
  const known = new Set(files.map((f) => f.path));
  const read = (rel: string): string | undefined => {
    try {
      const full = path.join(root, rel);
      const stats = statSync(full);
      // Only a regular file: a FIFO would block the read for ever, a device never end it.
      if (!stats.isFile()) return undefined;
      if (stats.size > MAX_FILE_BYTES) {
        unparsed.push({ kind: 'unparsed-file', source: 'code', file: rel, line: 0, context: 'other', detail: 'larger than 2 MiB' });
        return undefined;
      }
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  };

  // Code: read and parsed once (shared with reachability); configuration written as code is read for the names its tool loads too.
  const parsed = new Map<string, SourceReference[]>();
  for (const file of files) {
    const isCodeConfig = file.kind === 'config' && configKind(path.posix.basename(file.path))?.format === 'code';
    if (file.kind !== 'source' && !isCodeConfig) continue;
    const full = path.join(root, file.path);
    const source = sources.file(full, file.path.endsWith('.sequelizerc') ? `${full}.js` : full);
    if (source.status === 'parsed') {
      parsed.set(file.path, source.references);
      searched.code++;
    } else if (source.status === 'too-large') unparsed.push({ kind: 'unparsed-file', source: 'code', file: file.path, line: 0, context: 'other', detail: 'larger than 2 MiB' });
    else if (source.status === 'unparsed') unparsed.push({ kind: 'unparsed-file', source: 'code', file: file.path, line: 0, context: 'other', detail: source.error });
  }

  // Commands, each with the context it runs in.
  const commands: FoundCommand[] = [];
  const configStrings = new Map<string, { strings: ConfigString[]; kind: ConfigKind }>();
  for (const manifest of manifests) {
    const file = manifest.folder ? `${manifest.folder}/package.json` : 'package.json';
    const strings = jsonStrings(manifest.text) ?? [];
    for (const entry of strings) {
      if (entry.keys.length === 1 && entry.keys[0] === 'scripts' && !entry.isKey) continue;
      if (entry.keys[0] === 'scripts' && entry.keys.length === 2 && !entry.isKey && entry.keys[1] !== undefined) {
        commands.push({ source: 'package-script', file, line: entry.line, command: entry.value, script: entry.keys[1], context: 'dev' });
        searched['package-script']++;
      }
    }
    for (const [key, kind] of Object.entries(PACKAGE_JSON_CONFIG_KEYS)) {
      const under = strings.filter((entry) => entry.keys[0] === key);
      const keyLine = strings.find((entry) => entry.isKey && entry.keys.length === 0 && entry.value === key)?.line;
      if (keyLine === undefined) continue;
      searched.config++;
      for (const tool of kind.tools) add(tool, { kind: 'config-file', source: 'config', file, line: keyLine, context: 'dev', detail: `package.json "${key}"` });
      configStrings.set(`${file}#${key}`, { strings: under.map((entry) => ({ ...entry, keys: entry.keys.slice(1) })), kind });
    }
  }
  for (const file of files) {
    const name = path.posix.basename(file.path);
    if (file.kind === 'source') continue;
    const kind = file.kind === 'config' ? configKind(name) : undefined;
    if (kind?.format === 'code') {
      searched.config++;
      for (const tool of kind.tools) add(tool, { kind: 'config-file', source: 'config', file: file.path, line: 1, context: 'dev', detail: name });
      continue;
    }
    const text = read(file.path);
    if (text === undefined) continue;
    switch (file.kind) {
      case 'docker':
        searched.docker++;
        commands.push(...dockerfileCommands(file.path, text));
        break;
      case 'compose':
        searched.docker++;
        commands.push(...composeCommands(file.path, yamlStrings(text) ?? []));
        break;
      case 'procfile':
        searched.docker++;
        commands.push(...procfileCommands(file.path, text));
        break;
      case 'ci':
        searched.ci++;
        commands.push(...ciCommands(file.path, yamlStrings(text) ?? []));
        break;
      case 'git-hook':
        searched['git-hook']++;
        add('husky', { kind: 'config-file', source: 'git-hook', file: file.path, line: 1, context: 'dev', detail: '.husky' });
        commands.push(...hookCommands(file.path, text));
        break;
      case 'config': {
        if (!kind) break;
        searched.config++;
        for (const tool of kind.tools) add(tool, { kind: 'config-file', source: 'config', file: file.path, line: 1, context: 'dev', detail: name });
        const strings = kind.format === 'yaml' ? yamlStrings(text) : (jsonStrings(text) ?? yamlStrings(text));
        if (strings) configStrings.set(file.path, { strings, kind });
        break;
      }
    }
  }
  // A container file among tests or examples (test/fixtures/app/Dockerfile) starts nothing of this project.
  for (const command of commands) if (command.source === 'docker' && isDevPath(command.file)) command.context = 'dev';
  for (const [where, { strings, kind }] of configStrings) {
    const file = where.includes('#') ? where.slice(0, where.indexOf('#')) : where;
    readConfigStrings(file, strings, kind, add, commands);
  }
  for (const [file, references] of parsed) {
    const kind = configKind(path.posix.basename(file));
    if (!kind || kind.format !== 'code') continue;
    if (kind.commands) {
      for (const reference of references) if (reference.kind === 'string' && /\s/.test(reference.specifier)) commands.push({ source: 'config', file, line: reference.line, command: reference.specifier, context: 'dev' });
    }
    for (const reference of references) {
      if (reference.kind !== 'string') continue;
      for (const name of candidateNames(reference.specifier, kind.convention)) add(name, { kind: 'config', source: 'config', file, line: reference.line, context: 'dev', detail: reference.specifier });
    }
  }

  // Scripts run from the container's start (and `start`) are runtime; from install hooks and image builds, undecided.
  const scriptContext = scriptContexts(manifests, commands);
  const runtimeEntries: string[] = [];
  for (const command of commands) {
    const context = command.script !== undefined ? (scriptContext.get(command.script) ?? 'dev') : command.context;
    const base = command.file.includes('/') ? command.file.slice(0, command.file.lastIndexOf('/')) : '';
    for (const reference of commandReferences(command.command)) {
      const detail = oneLine(command.command);
      const item = (kind: UsageEvidenceKind): UsageEvidence => ({ kind, source: command.source, file: command.file, line: command.line, context, detail });
      if (reference.kind === 'bin') for (const owner of bins.get(reference.name) ?? []) add(owner, item('command'));
      if (reference.kind === 'package') {
        const name = packageOf(reference.name);
        if (name) add(name, item('command'));
      }
      if (reference.kind === 'file' && context === 'runtime') runtimeEntries.push(path.posix.normalize(path.posix.join(command.source === 'package-script' ? base : ownerOf(command.file), reference.name)));
    }
  }

  // Which code runs in production: entry points, what starts it, code under src/, and what those import by relative path.
  const runtimeFiles = runtimeCode(manifests, files, parsed, known, runtimeEntries, ownerOf);
  let sawTypeScript = false;
  for (const [file, references] of parsed) {
    const fileContext: UsageContext = isDevPath(file) || configKind(path.posix.basename(file)) ? 'dev' : runtimeFiles.has(file) ? 'runtime' : 'other';
    const typescript = /\.[cm]?tsx?$/.test(file);
    sawTypeScript ||= typescript;
    for (const reference of references) {
      const item = (kind: UsageEvidenceKind, context: UsageContext): UsageEvidence => ({ kind, source: 'code', file, line: reference.line, context, detail: reference.specifier });
      switch (reference.kind) {
        case 'import':
        case 'type-import': {
          const typeOnly = reference.kind === 'type-import';
          if (BUILTINS.has(reference.specifier) || BUILTINS.has(reference.specifier.split('/')[0] ?? '')) {
            if (typescript || typeOnly) add('@types/node', item('type-import', 'dev'));
            break;
          }
          const name = packageOf(reference.specifier);
          if (!name) break;
          add(name, item(reference.kind, typeOnly ? 'dev' : reference.guarded && fileContext === 'runtime' ? 'other' : fileContext));
          if (typescript || typeOnly) add(typesPackage(name), item('type-import', 'dev'));
          break;
        }
        case 'dynamic-load': {
          // `import(\`lodash/${name}\`)` loads lodash, whatever the name; `require('passport-' + name)` may load any passport-*.
          const name = reference.specifier.includes('/') ? packageOf(reference.specifier) : undefined;
          if (name && reference.specifier.startsWith(`${name}/`)) add(name, item('import', reference.guarded && fileContext === 'runtime' ? 'other' : fileContext));
          else dynamicLoads.push(item('dynamic-load', fileContext));
          break;
        }
        case 'string': {
          if (configKind(path.posix.basename(file))) break;
          const name = packageOf(reference.specifier);
          if (name && (reference.specifier === name || reference.specifier.startsWith(`${name}/`))) add(name, item('named-in-code', 'other'));
          break;
        }
        case 'test-globals':
          // Test files call the runner's globals (`describe`, `it`) without importing them.
          if (isDevPath(file)) for (const runner of TEST_RUNNERS) add(runner, item('test-globals', 'dev'));
          break;
        case 'relative':
          break;
      }
    }
  }
  if (sawTypeScript) {
    const first = [...parsed.keys()].find((file) => /\.[cm]?tsx?$/.test(file)) ?? '';
    add('@types/node', { kind: 'types-for-used', source: 'code', file: first, line: 1, context: 'dev', detail: 'TypeScript code (Node.js globals)' });
  }
  return { evidence, dynamicLoads, unparsed, searched, sawCode: parsed.size > 0 };
}

/** Package names in a configuration: the tool's shorthand, tsconfig's `importHelpers` (tslib) and `types`, and commands where the values are commands. */
function readConfigStrings(file: string, strings: readonly ConfigString[], kind: ConfigKind, add: (name: string, item: UsageEvidence) => void, commands: FoundCommand[]): void {
  const isTsconfig = /(?:^|\/)tsconfig[^/]*\.json$/.test(file);
  for (const entry of strings) {
    const evidence = (name: string, context: UsageContext = 'dev'): void => add(name, { kind: 'config', source: 'config', file, line: entry.line, context, detail: entry.isKey || entry.keys.length === 0 ? entry.value : `${entry.keys.join('.')}: ${entry.value}` });
    if (isTsconfig && entry.keys.join('.') === 'compilerOptions.importHelpers' && entry.value === 'true') {
      // Code compiled with importHelpers requires tslib at run time (where a bundler inlines it, it is not: hence `other`).
      evidence('tslib', 'other');
      continue;
    }
    if (isTsconfig && entry.keys[0] === 'compilerOptions' && entry.keys[1] === 'types' && !entry.isKey) evidence(typesPackage(entry.value));
    if (kind.commands && !entry.isKey && /\s/.test(entry.value.trim())) {
      commands.push({ source: file.endsWith('package.json') ? 'package-script' : 'config', file, line: entry.line, command: entry.value, context: 'dev' });
      continue;
    }
    if (kind.commands && !entry.isKey && entry.keys.length > 0) commands.push({ source: 'config', file, line: entry.line, command: entry.value, context: 'dev' });
    for (const name of candidateNames(entry.value, kind.convention)) evidence(name);
  }
}

/**
 * The context each npm script runs in, by name (across the project's
 * manifests): `start` and what a container starts are runtime; install hooks
 * and what an image build runs are `other`; the rest is development. A script
 * another one runs takes the widest context of those that run it; `pre`/`post`
 * scripts take their script's.
 */
function scriptContexts(manifests: readonly ProjectManifest[], commands: readonly FoundCommand[]): Map<string, UsageContext> {
  const contexts = new Map<string, UsageContext>();
  const raise = (name: string, context: UsageContext): boolean => {
    const current = contexts.get(name) ?? 'dev';
    if (contexts.has(name) && CONTEXT_RANK[current] >= CONTEXT_RANK[context]) return false;
    contexts.set(name, CONTEXT_RANK[current] >= CONTEXT_RANK[context] ? current : context);
    return true;
  };
  const scriptsOf = new Map<string, string[]>();
  for (const manifest of manifests) {
    const scripts = manifest.data['scripts'];
    if (!scripts || typeof scripts !== 'object') continue;
    for (const name of Object.keys(scripts)) raise(name, RUNTIME_SCRIPTS.has(name) ? 'runtime' : INSTALL_SCRIPTS.has(name) ? 'other' : 'dev');
  }
  for (const command of commands) {
    const called = commandReferences(command.command).filter((r) => r.kind === 'script').map((r) => r.name);
    if (command.script !== undefined) scriptsOf.set(command.script, [...(scriptsOf.get(command.script) ?? []), ...called]);
    else if (command.context !== 'dev') for (const name of called) raise(name, command.context);
  }
  for (let changed = true, rounds = 0; changed && rounds < 50; rounds++) {
    changed = false;
    for (const [script, called] of scriptsOf) {
      const context = contexts.get(script) ?? 'dev';
      for (const name of called) {
        const targets = name.includes('*') ? [...contexts.keys()].filter((candidate) => new RegExp(`^${name.split('*').map(escapeRegExp).join('.*')}$`).test(candidate)) : [name];
        for (const target of targets) changed = raise(target, context) || changed;
      }
    }
    for (const name of contexts.keys()) {
      const main = /^(?:pre|post)(.+)$/.exec(name)?.[1];
      if (main && contexts.has(main)) changed = raise(name, contexts.get(main) ?? 'dev') || changed;
    }
  }
  return contexts;
}

/** Files that run in production: each manifest's entry points, files a runtime command runs, code under `src/`, and their relative imports. */
function runtimeCode(
  manifests: readonly ProjectManifest[],
  files: readonly ProjectFile[],
  parsed: ReadonlyMap<string, SourceReference[]>,
  known: ReadonlySet<string>,
  commandEntries: readonly string[],
  ownerOf: (file: string) => string,
): Set<string> {
  const seeds: string[] = [];
  for (const manifest of manifests) {
    const targets: string[] = [];
    const collect = (value: unknown): void => {
      if (typeof value === 'string') targets.push(value);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    for (const key of ['main', 'module', 'exports', 'bin']) collect(manifest.data[key]);
    for (const target of targets) {
      const resolved = resolveIn(known, path.posix.join(manifest.folder, target));
      if (resolved) seeds.push(resolved);
    }
  }
  for (const entry of commandEntries) {
    const resolved = resolveIn(known, entry);
    if (resolved) seeds.push(resolved);
  }
  for (const file of files) if (file.kind === 'source' && isConventionalRuntimePath(file.path, ownerOf(file.path))) seeds.push(file.path);
  const runtime = new Set<string>();
  const queue = seeds.filter((file) => !isDevPath(file));
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || runtime.has(file)) continue;
    runtime.add(file);
    for (const reference of parsed.get(file) ?? []) {
      if (reference.kind !== 'relative') continue;
      const target = resolveIn(known, path.posix.join(path.posix.dirname(file), reference.specifier));
      if (target && !isDevPath(target) && !runtime.has(target)) queue.push(target);
    }
  }
  return runtime;
}

/** Node's resolution of a relative path among the project's files: the file, with an extension, or a folder's index; `./x.js` finds `x.ts`. */
function resolveIn(known: ReadonlySet<string>, target: string): string | undefined {
  const base = path.posix.normalize(target).replace(/^\.\//, '').replace(/\/$/, '');
  const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => `${base}/index${e}`)];
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'), base.replace(/\.js$/, '.tsx'));
  // `node dist/server.js` runs what tsc built from `src/server.ts`.
  if (/^(?:.*\/)?(?:dist|build|out|lib)\//.test(base)) {
    const source = base.replace(/^(.*\/)?(?:dist|build|out|lib)\//, '$1src/').replace(/\.([cm]?)js$/, '.$1ts');
    candidates.push(source, source.replace(/\.ts$/, '.js'));
  }
  return candidates.find((candidate) => known.has(candidate));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative, absolute and URL specifiers → undefined. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(specifier)) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

/** The DefinitelyTyped package for a name: `express` → `@types/express`, `@babel/core` → `@types/babel__core`. */
export function typesPackage(name: string): string {
  if (name.startsWith('@types/')) return name;
  return `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
}

function oneLine(command: string): string {
  const flat = command.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
