import lockfile from '@yarnpkg/lockfile';
import { ProjectError } from '../model/errors.js';
import { isRecord } from '../model/json.js';
import { hostedArchiveToGit, npmGitResolved } from './git-resolved.js';
import { BERRY_LOCKFILE_VERSIONS } from './yarn-berry-lockfile.js';
import { aliasTarget, registryLayoutName, registryVersionProblem, splitDescriptor, type YarnDependency, type YarnEntry, type YarnLockfile, type YarnSource } from './yarn-entry.js';

const LOCAL_TARBALL = /\.(tgz|tar\.gz|tar)$/i;
const GIT_URL = /^(git\+[a-z]+:|git:|ssh:|git@)/i;
const HTTP_URL = /^https?:\/\//i;
const SHA1_HEX = /^[0-9a-f]{40}$/i;
/** The comment yarn 1 writes atop every lockfile and reads its format's version from (its parser's VERSION_REGEX, on a trimmed comment). */
export const CLASSIC_VERSION_COMMENT = /^#\s*yarn lockfile v(\d+)\s*$/m;
/** yarn's parser messages (before their position) in deptrust's words. */
const PARSER_MESSAGES: ReadonlyArray<[string, string]> = [
  ['Unknown token', 'unexpected token'],
  ['Unexpected token', 'unexpected token'],
  ['Invalid value type', 'unexpected value'],
  ['Expected string', 'expected a string'],
];

/**
 * Reads a yarn classic (v1) lockfile with yarn's own parser. Keys are
 * descriptors (`name@range`, several per entry); entries record `version`,
 * `resolved` (a tarball or git URL, yarn appending `#<sha1>` to tarballs),
 * `integrity`, `dependencies` and `optionalDependencies`. Workspaces, dev
 * flags and peer dependencies are not recorded.
 */
export function parseYarnClassicLockfile(text: string, label: string): YarnLockfile {
  checkLockfileVersion(text, label);
  const unterminated = unterminatedStringLine(text);
  if (unterminated !== undefined) throw new ProjectError(`malformed yarn lockfile ${label}: unterminated string on line ${unterminated} (a truncated or hand-edited lockfile: run yarn install)`);
  let parsed: ReturnType<typeof lockfile.parse>;
  try {
    parsed = lockfile.parse(text, label);
  } catch (error) {
    throw new ProjectError(`malformed yarn lockfile ${label}: ${parseErrorText(error, text, label)}`, { cause: error });
  }
  if (parsed.type === 'conflict') throw new ProjectError(`${label} has merge conflicts that yarn cannot resolve: resolve them and run yarn install`);
  const object: unknown = parsed.object;
  if (!isRecord(object)) throw new ProjectError(`malformed yarn lockfile ${label}: not a map of entries`);

  // Keys of one entry share one parsed object.
  const groups = new Map<unknown, string[]>();
  for (const [key, value] of Object.entries(object)) {
    const keys = groups.get(value);
    if (keys) keys.push(key);
    else groups.set(value, [key]);
  }
  const entries: YarnEntry[] = [];
  for (const [value, keys] of groups) entries.push(toEntry(value, keys.sort(), label));
  return { generation: 'classic', version: 1, entries };
}

/**
 * yarn 1 reads its format's version from the `# yarn lockfile v1` comment and
 * refuses a newer one with its own advice (`yarn self-update`); deptrust
 * names what it found and what it reads instead.
 */
function checkLockfileVersion(text: string, label: string): void {
  const version = CLASSIC_VERSION_COMMENT.exec(text)?.[1];
  if (version === undefined || Number(version) === 1) return;
  const berry = BERRY_LOCKFILE_VERSIONS;
  throw new ProjectError(`${label} has yarn lockfile version ${version} ("# yarn lockfile v${version}"); deptrust reads version 1 (yarn 1) and, with __metadata, versions ${berry.min} to ${berry.max} (yarn 2 to 4)`);
}

/**
 * yarn's parser error in deptrust's words. Its messages end `<line>:<col> in
 * <file>`, some with the tokeniser's internal token spelled out, and its
 * line count runs short (see tokenLineToLine); an odd indentation names no
 * line at all.
 */
function parseErrorText(error: unknown, text: string, label: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const suffix = ` in ${label}`;
  const positioned = message.endsWith(suffix) ? /^(.*) (\d+):(\d+)$/s.exec(message.slice(0, -suffix.length)) : null;
  if (positioned) {
    const [, what = '', tokenLine, column] = positioned;
    // Column 0 past the first line is a line break (every other token's column counts the break before it): the problem ends the line before.
    const line = tokenLineToLine(text, Number(tokenLine), Number(column) === 0);
    return `${PARSER_MESSAGES.find(([prefix]) => what.startsWith(prefix))?.[1] ?? what} on line ${line}`;
  }
  if (message === 'Invalid number of spaces') {
    const line = text.split('\n').findIndex((row) => (/^ */.exec(row)?.[0].length ?? 0) % 2 === 1);
    return `indentation of an odd number of spaces on line ${line + 1}`;
  }
  return message.split('\n')[0] ?? message;
}

/**
 * The line of the text yarn's tokeniser calls `tokenLine`: it counts a line
 * break followed by another as one (it consumes `\n\n` like `\r\n`), so
 * each blank line puts it a line behind, and numbers a line break with the
 * line after it; `lineBreak` asks for the line that break ends. A line break
 * is never inside a string (unterminatedStringLine ran first) and a comment
 * ends at one.
 */
function tokenLineToLine(text: string, tokenLine: number, lineBreak: boolean): number {
  let counted = 1;
  let line = 1;
  for (let i = 0; i < text.length && counted < tokenLine; i++) {
    const char = text[i];
    if (char !== '\n' && char !== '\r') continue;
    if (lineBreak && counted + 1 === tokenLine) return line;
    counted++;
    if (char === '\n') line++;
    if (text[i + 1] === '\n') {
      i++;
      line++;
    }
  }
  return line;
}

/**
 * The first line with a string left open. A yarn v1 string never spans
 * lines, and yarn's parser, given an open one, grows a string until V8
 * refuses ("Invalid string length": seconds and gigabytes on a truncated
 * file), so this is checked first.
 */
function unterminatedStringLine(text: string): number | undefined {
  let line = 1;
  let open = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') {
      if (open) return line;
      line++;
    } else if (char === '\\' && open) {
      i++;
    } else if (char === '"') {
      open = !open;
    } else if (char === '#' && !open) {
      // A comment runs to the end of the line; quotes in it open nothing.
      const end = text.indexOf('\n', i);
      i = (end === -1 ? text.length : end) - 1;
    }
  }
  return open ? line : undefined;
}

function toEntry(value: unknown, descriptors: string[], label: string): YarnEntry {
  const first = descriptors[0] ?? '';
  const fail = (what: string): ProjectError => new ProjectError(`malformed yarn lockfile ${label}: entry "${first}" ${what}`);
  if (!isRecord(value)) throw fail('is not a map');
  const split = descriptors.map((descriptor) => splitDescriptor(descriptor));
  const [name, range] = split[0] ?? [];
  if (name === undefined || range === undefined || split.some((s) => s === undefined)) throw fail('is not a name@range key');
  const { version, resolved, integrity } = value;
  if (typeof version !== 'string' || version === '') throw fail('has no version');
  if (resolved !== undefined && typeof resolved !== 'string') throw fail('has a resolved that is not a string');
  if (integrity !== undefined && typeof integrity !== 'string') throw fail('has an integrity that is not a string');

  const ranges = split.map((s) => s?.[1] ?? '');
  const source = classicSource(ranges, resolved);
  const versionProblem = registryVersionProblem(source, version);
  if (versionProblem !== undefined) throw fail(versionProblem);
  const packageName = aliasTarget(range) ?? (source.kind === 'tarball' ? registryLayoutName(source.url, version) : undefined) ?? name;
  const dependencies: YarnDependency[] = [];
  const byName = new Map<string, YarnDependency>();
  for (const [field, type] of [['dependencies', 'prod'], ['optionalDependencies', 'optional']] as const) {
    const deps = value[field];
    if (deps === undefined) continue;
    if (!isRecord(deps)) throw fail(`has ${field} that are not a map`);
    for (const [depName, depRange] of Object.entries(deps)) {
      if (typeof depRange !== 'string') throw fail(`has a non-string range for ${depName}`);
      // npm's order: an optional dependency replaces a regular one of the same name.
      byName.set(depName, { name: depName, range: depRange, type });
    }
  }
  dependencies.push(...byName.values());
  return {
    descriptors,
    resolution: `${packageName}@${version}${resolved === undefined ? `#${first}` : `#${resolved}`}`,
    packageName,
    version,
    source,
    integrity: integrity || sha1Integrity(resolved, source),
    dependencies,
    builtWithNodeGyp: false,
  };
}

/** Where the code comes from: the declared range decides for local paths and URLs, `resolved` for the rest. */
function classicSource(ranges: readonly string[], resolved: string | undefined): YarnSource {
  const local = ranges.map(localPath).find((found) => found !== undefined);
  if (local) {
    return LOCAL_TARBALL.test(local.path)
      ? { kind: 'file', path: local.path, relativeTo: undefined }
      : { kind: 'folder', path: local.path, relativeTo: undefined, protocol: local.protocol };
  }
  if (resolved === undefined) return { kind: 'registry', url: undefined };
  const hash = resolved.indexOf('#');
  const url = hash >= 0 ? resolved.slice(0, hash) : resolved;
  const fragment = hash >= 0 ? resolved.slice(hash + 1) : '';
  if (GIT_URL.test(resolved)) return { kind: 'git', url: npmGitResolved(url, fragment) };
  if (HTTP_URL.test(resolved)) {
    const hostedGit = hostedArchiveToGit(url);
    if (hostedGit) return { kind: 'git', url: hostedGit };
    return ranges.some((r) => HTTP_URL.test(r)) ? { kind: 'tarball', url } : { kind: 'registry', url };
  }
  if (resolved.startsWith('file:')) return { kind: 'file', path: url.slice(5), relativeTo: undefined };
  // yarn 1 does not lock `link:` folders, but a `resolved` that names one is a folder, not a registry URL.
  if (resolved.startsWith('link:')) return { kind: 'folder', path: url.slice(5), relativeTo: undefined, protocol: 'link' };
  return { kind: 'registry', url };
}

function localPath(range: string): { path: string; protocol: 'file' | 'link' } | undefined {
  if (range.startsWith('file:')) return { path: range.slice(5), protocol: 'file' };
  if (range.startsWith('link:')) return { path: range.slice(5), protocol: 'link' };
  if (/^(\.{1,2}\/|\/|~\/)/.test(range)) return { path: range, protocol: 'file' };
  return undefined;
}

/**
 * yarn classic appends the tarball's SHA-1 to `resolved` and old lockfiles
 * (and URL dependencies) have no `integrity`: that hash is the tarball's, so
 * it is the integrity npm would check (`sha1-<base64>`).
 */
function sha1Integrity(resolved: string | undefined, source: YarnSource): string | undefined {
  if (resolved === undefined || (source.kind !== 'registry' && source.kind !== 'tarball')) return undefined;
  const fragment = resolved.slice(resolved.indexOf('#') + 1);
  if (!resolved.includes('#') || !SHA1_HEX.test(fragment)) return undefined;
  return `sha1-${Buffer.from(fragment, 'hex').toString('base64')}`;
}
