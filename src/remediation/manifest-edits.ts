import { isRecord } from '../model/json.js';
import type { DirectUpgrade } from '../model/remediation.js';

/** The sections a package.json declares installable dependencies in (peer dependencies are the consumer's to install). */
const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies'] as const;

/** An entry to write under the forced versions' field (npm's `overrides`), and the existing entries (` > `-joined key paths) it replaces. */
export interface OverrideEdit {
  key: string;
  value: string;
  replaces: ReadonlyArray<{ path: string }>;
}

export interface ManifestEdits {
  upgrades: readonly DirectUpgrade[];
  /** Root package.json only. */
  overrides: readonly OverrideEdit[];
  /** The field they go under, as a path of keys: npm's and bun's `["overrides"]` (the default), pnpm's `["pnpm", "overrides"]`, yarn's `["resolutions"]`. */
  overridesField?: readonly string[];
}

/** What an edit changed, for the report: `dependencies.express: ^4.14.0 -> ^4.21.2`. */
export interface ManifestChange {
  field: string;
  from: string | undefined;
  to: string | undefined;
}

/**
 * package.json text with the upgrades' declarations moved to their target
 * (the range operator kept: `~1.2.0` → `~1.4.1`, `^` otherwise) and npm
 * `overrides` entries added, replacing the ones they supersede. Formatting is
 * kept as npm keeps it: the file's indent, its line ending, its final
 * newline, and the order of its keys. A declaration the file does not have is
 * reported as missing rather than added.
 */
export function editManifest(text: string, edits: ManifestEdits): { text: string; changes: ManifestChange[]; missing: string[] } {
  const manifest: unknown = JSON.parse(text);
  if (!isRecord(manifest)) throw new TypeError('package.json is not a JSON object');
  const changes: ManifestChange[] = [];
  const missing: string[] = [];
  for (const upgrade of edits.upgrades) {
    const section = DEPENDENCY_SECTIONS.find((name) => isRecord(manifest[name]) && typeof manifest[name][upgrade.name] === 'string');
    const declarations = section === undefined ? undefined : manifest[section];
    const current = isRecord(declarations) ? declarations[upgrade.name] : undefined;
    if (!isRecord(declarations) || typeof current !== 'string') {
      missing.push(upgrade.name);
      continue;
    }
    const next = movedSpec(current, upgrade);
    if (next !== current) {
      declarations[upgrade.name] = next;
      changes.push({ field: `${section}.${upgrade.name}`, from: current, to: next });
    }
  }
  if (edits.overrides.length > 0) {
    const field = edits.overridesField ?? ['overrides'];
    const label = field.join('.');
    const overrides = objectAt(manifest, field);
    for (const edit of edits.overrides) {
      for (const replaced of edit.replaces) {
        const removed = removeOverride(overrides, replaced.path.split(' > '));
        if (removed !== undefined && replaced.path !== edit.key) changes.push({ field: `${label}.${replaced.path}`, from: removed, to: undefined });
      }
      const existing = overrides[edit.key];
      const before = typeof existing === 'string' ? existing : undefined;
      overrides[edit.key] = edit.value;
      if (before !== edit.value) changes.push({ field: `${label}.${edit.key}`, from: before, to: edit.value });
    }
  }
  return { text: changes.length === 0 ? text : formatLike(text, manifest), changes, missing };
}

/** The object at a path of keys, made (at the end of its parent, as npm adds keys) where it is missing. */
function objectAt(manifest: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  let node = manifest;
  for (const key of keys) {
    const next = node[key];
    if (isRecord(next)) node = next;
    else {
      const made: Record<string, unknown> = {};
      node[key] = made;
      node = made;
    }
  }
  return node;
}

/** The declaration moved to the target, keeping its operator and any `npm:` alias. */
export function movedSpec(current: string, upgrade: Pick<DirectUpgrade, 'to' | 'packageName'>): string {
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.*)$/.exec(current);
  const range = alias ? (alias[2] ?? '') : current;
  // Only a caret, tilde or exact version keeps its form; `1.x`, `>=1 <2`, `*` and unions do not.
  const operator = /^\s*([~^]|=?)\s*v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?\s*$/.exec(range)?.[1];
  // An exact pin stays exact, `~` stays `~`; wider ranges (`>=1`, `1.x`, `*`) become a caret on the target.
  const moved = operator === undefined ? `^${upgrade.to}` : `${operator === '=' ? '' : operator}${upgrade.to}`;
  return alias ? `npm:${alias[1] ?? upgrade.packageName ?? ''}@${moved}` : moved;
}

/** Removes the entry at a key path (a nested object's `"."` when the entry is an object), pruning emptied objects; the removed value. */
function removeOverride(overrides: Record<string, unknown>, keys: readonly string[]): string | undefined {
  const [first, ...rest] = keys;
  if (first === undefined || !(first in overrides)) return undefined;
  const value = overrides[first];
  if (rest.length === 0) {
    if (typeof value === 'string') {
      delete overrides[first];
      return value;
    }
    if (isRecord(value) && typeof value['.'] === 'string') {
      const removed = value['.'];
      delete value['.'];
      if (Object.keys(value).length === 0) delete overrides[first];
      return removed;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const removed = removeOverride(value, rest);
  if (removed !== undefined && Object.keys(value).length === 0) delete overrides[first];
  return removed;
}

/** JSON in the original text's indent, line ending and final newline (what npm itself preserves). */
function formatLike(original: string, value: unknown): string {
  const indent = /^[{[][ \t]*\r?\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = /\r?\n$/.test(original) ? eol : '';
  return JSON.stringify(value, null, indent).replace(/\n/g, eol) + finalNewline;
}
