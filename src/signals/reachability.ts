import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { ProjectSources } from './project-sources.js';

/** What the project's own code imports. */
export interface SourceImports {
  /** Bare package names imported by code that ships (type-only imports excluded). */
  packages: Set<string>;
  filesParsed: number;
  /** Files that could not be parsed, with the reason. */
  parseErrors: string[];
}

const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];
const TEST_PATH = /(^|[\\/])(test|tests|__tests__|__mocks__|spec|e2e|fixtures?)([\\/]|$)|\.(test|spec)\.[cm]?[jt]sx?$/;
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Collects the packages a project's code imports, with a real parser
 * (@babel/parser, TypeScript and JSX on): entry points from package.json
 * `main`, `exports` and `bin`, every source file under `src/`, and every file
 * they import by relative path. Static and literal dynamic `import`,
 * `require('x')`, `import x = require('x')` and re-exports count; type-only
 * imports and exports do not; tests are excluded.
 */
export function collectSourceImports(projectDir: string, sources: ProjectSources = new ProjectSources()): SourceImports {
  const root = path.resolve(projectDir);
  const result: SourceImports = { packages: new Set(), filesParsed: 0, parseErrors: [] };
  const manifest = readManifest(root);
  const queue = entryFiles(root, manifest);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    // One read and parse per file, shared with the usage analysis (project-sources.ts).
    const source = sources.file(file);
    if (source.status === 'unparsed') result.parseErrors.push(`${path.relative(root, file)}: ${source.error}`);
    if (source.status !== 'parsed') continue;
    result.filesParsed++;
    const specifiers = source.imports;
    // A `#name` import goes where package.json `imports` maps it: a project file (relative to the package root) or a package.
    const resolvedSpecifiers = specifiers.flatMap((specifier) =>
      specifier.startsWith('#') ? subpathImportTargets(manifest['imports'], specifier).map((target) => ({ specifier: target, from: root })) : [{ specifier, from: path.dirname(file) }],
    );
    for (const { specifier, from } of resolvedSpecifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolveRelative(from, specifier);
        if (target && !target.includes(`${path.sep}node_modules${path.sep}`) && !TEST_PATH.test(path.relative(root, target))) queue.push(target);
        continue;
      }
      const name = packageName(specifier);
      if (name && !BUILTINS.has(specifier) && !BUILTINS.has(name)) result.packages.add(name);
    }
  }
  return result;
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`; URLs and `#imports` → undefined. */
export function packageName(specifier: string): string | undefined {
  if (specifier.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0] || undefined;
}

function readManifest(root: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // no or broken package.json: only src/ is analysed
  }
  return {};
}

/**
 * The targets of a `#name` specifier in package.json `imports` (Node.js
 * "Subpath imports"): an exact key, else the longest `#prefix*` pattern
 * with `*` substituted; every string among conditional targets counts,
 * since any of them may run.
 */
export function subpathImportTargets(imports: unknown, specifier: string): string[] {
  if (!imports || typeof imports !== 'object' || Array.isArray(imports)) return [];
  const map = imports as Record<string, unknown>;
  let target: unknown = map[specifier];
  let star: string | undefined;
  if (target === undefined) {
    const pattern = Object.keys(map)
      .filter((key) => key.includes('*') && specifier.startsWith(key.slice(0, key.indexOf('*'))) && specifier.endsWith(key.slice(key.indexOf('*') + 1)))
      .sort((a, b) => b.indexOf('*') - a.indexOf('*'))[0];
    if (pattern === undefined) return [];
    target = map[pattern];
    star = specifier.slice(pattern.indexOf('*'), specifier.length - (pattern.length - pattern.indexOf('*') - 1));
  }
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') targets.push(star === undefined ? value : value.split('*').join(star));
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(target);
  return targets;
}

function entryFiles(root: string, manifest: Record<string, unknown>): string[] {
  const files: string[] = [];
  const candidates: string[] = [];
  const collectStrings = (value: unknown): void => {
    if (typeof value === 'string') candidates.push(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collectStrings);
  };
  collectStrings(manifest['main']);
  collectStrings(manifest['exports']);
  collectStrings(manifest['bin']);
  collectStrings(manifest['module']);
  for (const candidate of candidates) {
    const resolved = resolveRelative(root, candidate.startsWith('.') ? candidate : `./${candidate}`);
    if (resolved) files.push(resolved);
  }
  if (candidates.length === 0) {
    const index = resolveRelative(root, './index');
    if (index) files.push(index);
  }
  const src = path.join(root, 'src');
  if (existsSync(src)) files.push(...sourceFilesUnder(src, root));
  return files;
}

function sourceFilesUnder(dir: string, root: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (TEST_PATH.test(path.relative(root, full)) || entry.name === 'node_modules') continue;
    if (entry.isDirectory()) files.push(...sourceFilesUnder(full, root));
    else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files.sort();
}

/** Node's resolution for a relative specifier: the file, with an extension added, or a folder's index. */
function resolveRelative(fromDir: string, specifier: string): string | undefined {
  const base = path.resolve(fromDir, specifier);
  const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  // TypeScript sources import `./x.js` for `./x.ts`.
  if (/\.[cm]?js$/.test(base)) candidates.push(base.replace(/\.([cm]?)js$/, '.$1ts'), base.replace(/\.js$/, '.tsx'));
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile() && SOURCE_EXTENSIONS.includes(path.extname(candidate))) return candidate;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}
