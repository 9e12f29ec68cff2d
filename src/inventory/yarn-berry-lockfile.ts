import yaml from 'js-yaml';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { npmGitResolved } from './git-resolved.js';
import { registryTarball } from './registry-tarball.js';
import { aliasTarget, registryLayoutName, registryVersionProblem, splitDescriptor, type YarnDependency, type YarnEntry, type YarnLockfile, type YarnSource } from './yarn-entry.js';

/** Lockfile formats yarn 2 (4) to yarn 4 (10) write; newer ones are refused rather than misread. */
export const BERRY_LOCKFILE_VERSIONS = { min: 3, max: 10 };
/** yarn's structUtils.parseRange: `protocol:source#selector::bindings`. */
const RANGE = /^([^#:]*:)?((?:(?!::)[^#])*)(?:#((?:(?!::).)*))?(?:::(.*))?$/;
const GIT_PROTOCOL = /^(git:|git\+[a-z]+:|ssh:|github:|gitlab:|bitbucket:)/i;
const LOCAL_TARBALL = /\.(tgz|tar\.gz|tar)$/i;

/** The registry a package's tarball comes from (yarn's `npmRegistryServer`, per scope). */
export type RegistryFor = (packageName: string) => string | undefined;

/**
 * Reads a yarn berry (2 to 4) lockfile with yarn's own parser. Keys are
 * descriptors with their protocol (`ms@npm:^2.1.3`); `resolution` is the
 * locator (`ms@npm:2.1.3`, `app@workspace:packages/app`,
 * `x@patch:x@npm%3A1.0.0#…`, `x@portal:../x::locator=…`); optional
 * dependencies are `dependencies` marked in `dependenciesMeta`, optional
 * peers in `peerDependenciesMeta`. `checksum` hashes yarn's cache zip, not
 * the npm tarball, so it is never reported as an integrity.
 */
export function parseYarnBerryLockfile(text: string, label: string, registryFor: RegistryFor): YarnLockfile {
  const parsed = parseBerryYaml(text, label);
  if (!isRecord(parsed)) throw new ProjectError(`malformed yarn lockfile ${label}: not a map of entries`);
  const metadata = parsed['__metadata'];
  const version = isRecord(metadata) ? Number(metadata['version']) : NaN;
  if (!Number.isInteger(version)) throw new ProjectError(`malformed yarn lockfile ${label}: __metadata.version is missing or not a number`);
  if (version < BERRY_LOCKFILE_VERSIONS.min || version > BERRY_LOCKFILE_VERSIONS.max) {
    throw new ProjectError(`${label} has yarn lockfile version ${version}; deptrust reads versions ${BERRY_LOCKFILE_VERSIONS.min} to ${BERRY_LOCKFILE_VERSIONS.max} (yarn 2 to 4)`);
  }
  const entries: YarnEntry[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key === '__metadata') continue;
    entries.push(toEntry(key.split(/ *, */).sort(), value, label, registryFor));
  }
  // yarn locks the root workspace in every lockfile it writes (`<name>@workspace:.`, even for a project without dependencies).
  if (!entries.some((entry) => entry.source.kind === 'workspace' && entry.source.path === '.')) {
    throw new ProjectError(`${label} is incomplete: no entry for the root workspace (<name>@workspace:.) (a truncated or hand-edited lockfile: run yarn install)`);
  }
  return { generation: 'berry', version, entries };
}

/**
 * The lockfile's YAML as yarn reads it: yarn's parseSyml (@yarnpkg/parsers)
 * is js-yaml with its failsafe schema (every scalar a string) and `json: true`,
 * under which a repeated key silently replaces the first. yarn never writes a
 * key twice: a repeat is two entries merged by a deleted key line (the first
 * entry then carries the second's resolution), so the same parse without
 * `json` refuses it.
 */
function parseBerryYaml(text: string, label: string): unknown {
  try {
    return yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
  } catch (error) {
    if (error instanceof yaml.YAMLException && error.reason === 'duplicated mapping key') throw duplicatedKey(text, error.mark.line, label);
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ProjectError(`malformed yarn lockfile ${label}: ${message}`, { cause: error });
  }
}

/** The repeated key at a (0-based) line, and the entry it is in: the nearest key line above it that is not indented. */
function duplicatedKey(text: string, line: number, label: string): ProjectError {
  const lines = text.split(/\r?\n/);
  const keyOf = (row: string): string => row.trim().replace(/:$/, '').replace(/^"(.*)"$/, '$1');
  const key = keyOf((lines[line] ?? '').split(/:(\s|$)/)[0] ?? '');
  const entryLine = lines.slice(0, line).findLastIndex((row) => /^[^\s#]/.test(row));
  const entry = /^\s/.test(lines[line] ?? '') && entryLine >= 0 ? `, in entry "${keyOf(lines[entryLine] ?? '')}"` : '';
  return new ProjectError(`malformed yarn lockfile ${label}: duplicated key "${key}" on line ${line + 1}${entry} (two entries merged by a deleted line, or a hand-edited lockfile: run yarn install)`);
}

function toEntry(descriptors: string[], value: unknown, label: string, registryFor: RegistryFor): YarnEntry {
  const first = descriptors[0] ?? '';
  const fail = (what: string): ProjectError => new ProjectError(`malformed yarn lockfile ${label}: entry "${first}" ${what}`);
  if (!isRecord(value)) throw fail('is not a map');
  if (descriptors.some((descriptor) => splitDescriptor(descriptor) === undefined)) throw fail('is not a name@range key');
  const { resolution } = value;
  const version = scalar(value['version']);
  if (typeof resolution !== 'string' || splitDescriptor(resolution) === undefined) throw fail('has no resolution');
  if (version === undefined || version === '') throw fail('has no version');
  const located = locate(resolution, registryFor, version, fail);
  const versionProblem = registryVersionProblem(located.source, version);
  if (versionProblem !== undefined) throw fail(versionProblem);
  const resolvedName = splitDescriptor(resolution)?.[0] ?? '';
  // A `workspace:` descriptor may name a workspace under another name; any other resolves to the package it names.
  const stranger = located.source.kind === 'workspace' ? undefined : descriptors.find((descriptor) => !namesOf(descriptor).includes(resolvedName));
  if (stranger !== undefined) throw fail(`resolves to ${resolution}, not to a package named ${splitDescriptor(stranger)?.[0] ?? stranger}`);
  // yarn's patch protocol resolves a `patch:` descriptor to a `patch:` locator, always: a builtin patch's entry
  // (`resolve@patch:…#optional!builtin<compat/resolve>`) is reached by no range the lockfile writes, so it is judged here.
  if (descriptors.every(isPatchDescriptor) && !isPatchDescriptor(resolution)) throw fail(`resolves to ${resolution}, not to the patch its key names`);

  const optionalMeta = metaFlags(value['dependenciesMeta'], fail);
  const optionalPeers = metaFlags(value['peerDependenciesMeta'], fail);
  const dependencies: YarnDependency[] = [];
  for (const [name, range] of stringMap(value['dependencies'], 'dependencies', fail)) {
    dependencies.push({ name, range, type: optionalMeta.has(name) ? 'optional' : 'prod' });
  }
  for (const [name, range] of stringMap(value['peerDependencies'], 'peerDependencies', fail)) {
    dependencies.push({ name, range, type: optionalPeers.has(name) ? 'peerOptional' : 'peer' });
  }
  return {
    descriptors,
    resolution,
    packageName: located.packageName,
    version,
    source: located.source,
    integrity: undefined,
    dependencies,
    builtWithNodeGyp: dependencies.some((dep) => dep.name === 'node-gyp' && dep.range === 'npm:latest'),
  };
}

/**
 * The package names a descriptor may resolve to: its own, and the real one
 * behind an `npm:` alias (`alias@npm:real@^1` resolves to `real@npm:1.0.0`)
 * or inside a `patch:` (which wraps the descriptor it patches, URI-encoded).
 */
function namesOf(descriptor: string): string[] {
  const [name, range] = splitDescriptor(descriptor) ?? ['', ''];
  if (range.startsWith('patch:')) {
    const patched = decodeURIComponent(range.slice('patch:'.length).split(/#|::/)[0] ?? '');
    return [name, ...namesOf(patched)];
  }
  const real = aliasTarget(range);
  return real === undefined ? [name] : [name, real];
}

function isPatchDescriptor(descriptor: string): boolean {
  return splitDescriptor(descriptor)?.[1].startsWith('patch:') === true;
}

/** Name and source of a locator; a `patch:` locator is the package it patches. */
function locate(locator: string, registryFor: RegistryFor, version: string, fail: (what: string) => ProjectError): { packageName: string; source: YarnSource } {
  const [name, range] = splitDescriptor(locator) ?? ['', ''];
  const match = RANGE.exec(range);
  const protocol = match?.[1] ?? '';
  const source = match?.[2] ?? '';
  const selector = match?.[3];
  const bindings = new URLSearchParams(match?.[4] ?? '');
  const relativeTo = bindings.get('locator') ?? undefined;
  switch (protocol) {
    case 'npm:': {
      const archive = bindings.get('__archiveUrl');
      const registry = registryFor(name);
      return { packageName: name, source: { kind: 'registry', url: archive ?? (registry === undefined ? undefined : registryTarball(registry, name, version)) } };
    }
    case 'workspace:':
      return { packageName: name, source: { kind: 'workspace', path: source } };
    case 'patch:':
      return locate(decodeURIComponent(source), registryFor, version, fail);
    case 'file:': {
      const path = selector ?? source;
      return {
        packageName: name,
        source: LOCAL_TARBALL.test(path) ? { kind: 'file', path, relativeTo } : { kind: 'folder', path, relativeTo, protocol: 'file' },
      };
    }
    case 'portal:':
      return { packageName: name, source: { kind: 'folder', path: source, relativeTo, protocol: 'portal' } };
    case 'link:':
      return { packageName: name, source: { kind: 'folder', path: source, relativeTo, protocol: 'link' } };
    case 'exec:':
      return { packageName: name, source: { kind: 'folder', path: source, relativeTo, protocol: 'exec' } };
  }
  const url = `${protocol}${source}`;
  const commit = selector === undefined ? undefined : (new URLSearchParams(selector).get('commit') ?? (/^[0-9a-f]{7,64}$/i.test(selector) ? selector : undefined));
  if (commit !== undefined && (GIT_PROTOCOL.test(url) || /^https?:/i.test(url) || /^[^@/]+@[^:]+:/.test(url))) {
    return { packageName: name, source: { kind: 'git', url: npmGitResolved(url, commit) } };
  }
  if (/^https?:$/i.test(protocol)) return { packageName: registryLayoutName(url, version) ?? name, source: { kind: 'tarball', url } };
  throw fail(`has a resolution yarn's protocols do not explain: ${locator}`);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function stringMap(value: unknown, field: string, fail: (what: string) => ProjectError): Array<[string, string]> {
  if (value === undefined) return [];
  if (!isRecord(value)) throw fail(`has ${field} that are not a map`);
  return Object.entries(value).map(([name, range]) => {
    const text = scalar(range);
    if (text === undefined) throw fail(`has a non-string range for ${name} in ${field}`);
    return [name, text];
  });
}

/** Names marked `optional: true` in dependenciesMeta / peerDependenciesMeta. */
function metaFlags(value: unknown, fail: (what: string) => ProjectError): Set<string> {
  const names = new Set<string>();
  if (value === undefined) return names;
  if (!isRecord(value)) throw fail('has metadata that is not a map');
  for (const [name, meta] of Object.entries(value)) {
    if (isRecord(meta) && (meta['optional'] === true || meta['optional'] === 'true')) names.add(name);
  }
  return names;
}
