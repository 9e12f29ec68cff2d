import { isRecord } from '../model/json.js';

/** An entry under package.json `overrides` that concerns a package, wherever it is nested. */
export interface ExistingOverride {
  /** The keys leading to it, joined with ` > ` (`express > qs`). */
  path: string;
  spec: string;
}

/**
 * The overrides already written for a package (npm's syntax: a key is a
 * package name with an optional `@range`; a nested object scopes its entries
 * to that package's subtree; `"."` is the value for the key's package itself).
 */
export function existingOverrides(overrides: unknown, name: string): ExistingOverride[] {
  const found: ExistingOverride[] = [];
  const visit = (node: unknown, trail: string[]): void => {
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '.') continue;
      const keyName = overrideKeyName(key);
      const here = [...trail, key];
      if (keyName === name) {
        if (typeof value === 'string') found.push({ path: here.join(' > '), spec: value });
        else if (isRecord(value) && typeof value['.'] === 'string') found.push({ path: here.join(' > '), spec: value['.'] });
      }
      visit(value, here);
    }
  };
  visit(overrides, []);
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The package a key forces: `qs@^6` → `qs`, `@scope/pkg@1` → `@scope/pkg`;
 * pnpm's `express>qs` and yarn's resolution paths (`express/qs`, or any depth with a leading double star) name the last package of
 * the chain.
 */
function overrideKeyName(key: string): string {
  const chain = key.split('>');
  let last = (chain[chain.length - 1] ?? key).trim();
  // yarn's resolution paths: `**/qs`, `express/qs`, `@scope/a/@scope/b`.
  const segments = last.split('/');
  if (segments.length > 1) {
    const tail = segments[segments.length - 1] ?? '';
    const beforeTail = segments[segments.length - 2] ?? '';
    last = beforeTail.startsWith('@') ? `${beforeTail}/${tail}` : tail;
  }
  const at = last.indexOf('@', last.startsWith('@') ? 1 : 0);
  return at === -1 ? last : last.slice(0, at);
}
