/**
 * A lockfile refresh for yarn, whose update commands cannot do it: yarn
 * classic's `upgrade` moves only what the current package.json declares.
 * yarn re-resolves a range whose lockfile entry is gone to the version it
 * would pick today, keeping every other entry (checked with yarn 1.22.22 and
 * yarn 4), so the refresh removes the entries of those packages and lets the
 * install write them again. A pure text edit; everything else is left byte
 * for byte.
 */

/**
 * yarn.lock (classic `# yarn lockfile v1` and berry) without the entries
 * every descriptor of which names one of `names`: blocks separated by blank
 * lines whose first line lists the descriptors (`debug@^2.6.0, debug@^2.6.9:`,
 * `"@s/x@npm:^1.0.0":`).
 */
export function dropYarnLockEntries(text: string, names: readonly string[]): string {
  const drop = new Set(names);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const blocks = text.split(`${eol}${eol}`);
  const kept = blocks.filter((block) => {
    const first = block.split(eol)[0] ?? '';
    if (!/:$/.test(first) || /^\s/.test(first) || first.startsWith('#') || first.startsWith('__metadata')) return true;
    const descriptors = first
      .slice(0, -1)
      .split(/,\s*/)
      .map((d) => d.trim().replace(/^"|"$/g, ''));
    return !descriptors.every((d) => drop.has(descriptorName(d)));
  });
  return kept.join(`${eol}${eol}`);
}

/** `debug@^2.6.0` → `debug`, `@s/x@npm:^1` → `@s/x`. */
function descriptorName(descriptor: string): string {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0);
  return at === -1 ? descriptor : descriptor.slice(0, at);
}
