import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import type * as BabelParser from '@babel/parser';
import type { ParserPlugin } from '@babel/parser';

// @babel/parser (one 520 KiB CommonJS file) loads with the first source file
// to parse: a project without code of its own, or an SBOM, never compiles it.
let babel: typeof BabelParser | undefined;
/** @babel/parser, loaded on first use (also by usage/source-references.ts). */
export function babelParser(): typeof BabelParser {
  if (!babel) {
    const loaded: typeof BabelParser = createRequire(import.meta.url)('@babel/parser');
    babel = loaded;
  }
  return babel;
}

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
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/**
 * Collects the packages a project's code imports, with a real parser
 * (@babel/parser, TypeScript and JSX on): entry points from package.json
 * `main`, `exports` and `bin`, every source file under `src/`, and every file
 * they import by relative path. Static and literal dynamic `import`,
 * `require('x')`, `import x = require('x')` and re-exports count; type-only
 * imports and exports do not; tests are excluded.
 */
export function collectSourceImports(projectDir: string): SourceImports {
  const root = path.resolve(projectDir);
  const result: SourceImports = { packages: new Set(), filesParsed: 0, parseErrors: [] };
  const manifest = readManifest(root);
  const queue = entryFiles(root, manifest);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop();
    if (file === undefined || seen.has(file)) continue;
    seen.add(file);
    let code: string;
    try {
      if (statSync(file).size > MAX_FILE_BYTES) continue;
      code = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let specifiers: string[];
    try {
      specifiers = importSpecifiers(code, file);
      result.filesParsed++;
    } catch (error) {
      result.parseErrors.push(`${path.relative(root, file)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
      continue;
    }
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

/** The module specifiers one file imports at run time. */
export function importSpecifiers(code: string, file: string): string[] {
  const extension = path.extname(file);
  const typescript = ['.ts', '.mts', '.cts', '.tsx'].includes(extension);
  const plugins: ParserPlugin[] = [typescript ? 'typescript' : 'flow', 'importAttributes'];
  if (extension !== '.ts' && extension !== '.mts' && extension !== '.cts') plugins.push('jsx');
  const ast = babelParser().parse(code, { sourceType: 'unambiguous', plugins, errorRecovery: true, allowReturnOutsideFunction: true, allowImportExportEverywhere: true });
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!node || typeof node !== 'object' || !('type' in node)) return;
    const n = node as Record<string, unknown> & { type: string };
    switch (n.type) {
      case 'ImportDeclaration': {
        const specifiers = Array.isArray(n['specifiers']) ? (n['specifiers'] as Array<Record<string, unknown>>) : [];
        const typeOnly = n['importKind'] === 'type' || (specifiers.length > 0 && specifiers.every((s) => s['importKind'] === 'type'));
        if (!typeOnly) pushLiteral(found, n['source']);
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (n['exportKind'] !== 'type') pushLiteral(found, n['source']);
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = n['moduleReference'] as Record<string, unknown> | undefined;
        if (n['importKind'] !== 'type' && reference?.['type'] === 'TSExternalModuleReference') pushLiteral(found, reference['expression']);
        break;
      }
      case 'ImportExpression':
        pushLiteral(found, n['source']);
        break;
      case 'CallExpression': {
        const callee = n['callee'] as Record<string, unknown> | undefined;
        const args = Array.isArray(n['arguments']) ? (n['arguments'] as unknown[]) : [];
        if (callee?.['type'] === 'Import' || (callee?.['type'] === 'Identifier' && callee['name'] === 'require')) pushLiteral(found, args[0]);
        break;
      }
    }
    for (const [key, value] of Object.entries(n)) {
      if (key === 'loc' || key === 'start' || key === 'end' || key === 'comments' || key === 'leadingComments' || key === 'trailingComments') continue;
      if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast.program);
  return found;
}

/** A string literal, or a template literal without expressions. */
function pushLiteral(found: string[], node: unknown): void {
  if (!node || typeof node !== 'object' || !('type' in node)) return;
  const n = node as Record<string, unknown>;
  if (n['type'] === 'StringLiteral' && typeof n['value'] === 'string') found.push(n['value']);
  if (n['type'] === 'TemplateLiteral' && Array.isArray(n['expressions']) && n['expressions'].length === 0 && Array.isArray(n['quasis'])) {
    const quasi = n['quasis'][0] as { value?: { cooked?: string } } | undefined;
    if (typeof quasi?.value?.cooked === 'string') found.push(quasi.value.cooked);
  }
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
