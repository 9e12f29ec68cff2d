import type { ParsedSource } from './parse-source.js';

/** One thing a source file says about modules, with its line. */
export interface SourceReference {
  /**
   * `import` (static, literal `import()`, `require`, `require.resolve`, re-export),
   * `type-import` (`import type`, `/// <reference types>`), `relative` (a project file),
   * `dynamic-load` (a non-literal specifier; `specifier` is its literal prefix, '' when none),
   * `string` (any other string literal or object key, for packages named in code and configuration),
   * `test-globals` (a call to `describe`/`it`/`test` that is not imported).
   */
  kind: 'import' | 'type-import' | 'relative' | 'dynamic-load' | 'string' | 'test-globals';
  specifier: string;
  line: number;
  /** Inside `try`, `if`, `?:`, `&&`/`||` or `switch`: a failed load need not crash the process. */
  guarded: boolean;
}

type Node = Record<string, unknown> & { type: string; loc?: { start: { line: number } } };

const GUARDS = new Set(['TryStatement', 'IfStatement', 'ConditionalExpression', 'LogicalExpression', 'SwitchStatement', 'CatchClause']);
const TEST_GLOBALS = new Set(['describe', 'it', 'test', 'suite', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll']);
const SKIPPED_KEYS = new Set(['loc', 'start', 'end', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'range']);

/** What one file says about modules, for both analyses of the project's code. */
export interface FileReferences {
  /** Every reference, for the usage analysis (usage/collect-usage.ts). */
  references: SourceReference[];
  /**
   * The literal specifiers loaded at run time, in the order written, for
   * reachability (reachability.ts): static imports and re-exports that are not
   * `import type`/`export type`, `import x = require()`, `require()` and
   * `import()`; not `require.resolve`, which loads nothing.
   */
  runtimeImports: string[];
}

/** Everything one parsed file (parse-source.ts) refers to: one walk of its tree serves usage and reachability. */
export function sourceReferences(ast: ParsedSource): FileReferences {
  const found: SourceReference[] = [];
  const runtimeImports: string[] = [];
  const imported = new Set<string>();
  const sources = new Set<unknown>();
  let testGlobals: number | undefined;

  const literal = (node: unknown): string | undefined => {
    if (!isNode(node)) return undefined;
    if (node.type === 'StringLiteral' && typeof node['value'] === 'string') return node['value'];
    if (node.type === 'TemplateLiteral' && Array.isArray(node['expressions']) && node['expressions'].length === 0) return cooked(node, 0);
    return undefined;
  };
  const load = (node: unknown, at: Node, guarded: boolean, type = false, runtime = !type): void => {
    if (!isNode(node)) return;
    sources.add(node);
    const value = literal(node);
    const line = lineOf(at);
    if (value !== undefined) {
      if (runtime) runtimeImports.push(value);
      found.push({ kind: value.startsWith('.') || value.startsWith('/') ? 'relative' : type ? 'type-import' : 'import', specifier: value, line, guarded });
      return;
    }
    // `require(name)`, `import(\`./locales/${x}\`)`: only a literal prefix is known.
    const prefix = node.type === 'TemplateLiteral' ? (cooked(node, 0) ?? '') : node.type === 'BinaryExpression' && node['operator'] === '+' ? (literal(node['left']) ?? '') : '';
    if (prefix.startsWith('.') || prefix.startsWith('/')) return;
    found.push({ kind: 'dynamic-load', specifier: prefix, line, guarded });
  };

  const visit = (value: unknown, guarded: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, guarded);
      return;
    }
    if (!isNode(value)) return;
    const n = value;
    switch (n.type) {
      case 'ImportDeclaration': {
        const specifiers = Array.isArray(n['specifiers']) ? (n['specifiers'] as Node[]) : [];
        const typeOnly = n['importKind'] === 'type' || n['importKind'] === 'typeof' || (specifiers.length > 0 && specifiers.every((s) => s['importKind'] === 'type'));
        for (const s of specifiers) if (isNode(s['local']) && typeof s['local']['name'] === 'string') imported.add(s['local']['name']);
        const runtime = !(n['importKind'] === 'type' || (specifiers.length > 0 && specifiers.every((s) => s['importKind'] === 'type')));
        load(n['source'], n, false, typeOnly, runtime);
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        if (n['source']) load(n['source'], n, false, n['exportKind'] === 'type');
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = n['moduleReference'];
        if (isNode(reference) && reference.type === 'TSExternalModuleReference') load(reference['expression'], n, guarded, n['importKind'] === 'type');
        break;
      }
      case 'TSImportType': {
        // `typeof import('x')` in a type position.
        const argument = n['argument'];
        const value = isNode(argument) && argument.type === 'TSLiteralType' ? argument['literal'] : argument;
        load(value, n, guarded, true);
        break;
      }
      case 'ImportExpression':
        load(n['source'], n, guarded);
        break;
      case 'CallExpression': {
        const callee = n['callee'];
        const args = Array.isArray(n['arguments']) ? (n['arguments'] as unknown[]) : [];
        if (isNode(callee)) {
          const isRequire = callee.type === 'Identifier' && callee['name'] === 'require';
          const isImport = callee.type === 'Import';
          // require.resolve('x') and import.meta.resolve('x') name a package to load.
          const isResolve = callee.type === 'MemberExpression' && isNode(callee['property']) && callee['property']['name'] === 'resolve' && isNode(callee['object']) && (callee['object']['name'] === 'require' || callee['object'].type === 'MetaProperty');
          if ((isRequire || isImport || isResolve) && args.length > 0) load(args[0], n, guarded, false, !isResolve);
          if (callee.type === 'Identifier' && typeof callee['name'] === 'string' && TEST_GLOBALS.has(callee['name']) && !imported.has(callee['name'])) testGlobals ??= lineOf(n);
        }
        break;
      }
      case 'StringLiteral':
        if (!sources.has(n) && typeof n['value'] === 'string') found.push({ kind: 'string', specifier: n['value'], line: lineOf(n), guarded });
        return;
      case 'ObjectProperty':
      case 'ObjectMethod': {
        const key = n['key'];
        // `plugins: { autoprefixer: {} }`: an object key can name a package too.
        if (isNode(key) && key.type === 'Identifier' && n['computed'] !== true && typeof key['name'] === 'string') found.push({ kind: 'string', specifier: key['name'], line: lineOf(key), guarded });
        break;
      }
    }
    const nested = guarded || GUARDS.has(n.type);
    for (const [key, child] of Object.entries(n)) {
      if (SKIPPED_KEYS.has(key) || !child || typeof child !== 'object') continue;
      // The test of an `if` is evaluated unconditionally; only its branches are guarded.
      visit(child, n.type === 'IfStatement' && key === 'test' ? guarded : nested);
    }
  };
  visit(ast.program, false);
  for (const comment of ast.comments ?? []) {
    const reference = /^\/\s*<reference\s+types\s*=\s*["']([^"']+)["']/.exec(comment.value);
    if (reference?.[1]) found.push({ kind: 'type-import', specifier: reference[1], line: comment.loc?.start.line ?? 0, guarded: false });
  }
  if (testGlobals !== undefined) found.push({ kind: 'test-globals', specifier: '', line: testGlobals, guarded: false });
  return { references: found, runtimeImports };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'type' in value && typeof (value as { type: unknown }).type === 'string';
}

function lineOf(node: Node): number {
  return node.loc?.start.line ?? 0;
}

function cooked(template: Node, index: number): string | undefined {
  const quasis = template['quasis'];
  if (!Array.isArray(quasis)) return undefined;
  const quasi: unknown = quasis[index];
  if (!isNode(quasi)) return undefined;
  const value = quasi['value'];
  return value && typeof value === 'object' && 'cooked' in value && typeof value.cooked === 'string' ? value.cooked : undefined;
}
