import semver, { type SemVer } from 'semver';

/** A declared spec split into the real package name and its range (`npm:name@range` aliases name another package). */
export function resolveSpec(name: string, spec: string): { name: string; range: string } {
  if (!spec.startsWith('npm:')) return { name, range: spec };
  const body = spec.slice(4);
  const at = body.lastIndexOf('@');
  return at > 0 ? { name: body.slice(0, at), range: body.slice(at + 1) } : { name: body, range: '*' };
}

/** Whether a declared spec (`^1.2.0`, `npm:name@~2`, a dist-tag, a URL) admits the version; only semver ranges can. */
export function specAdmits(spec: string, version: SemVer | string): boolean {
  const { range } = resolveSpec('', spec);
  if (range === '' || range === 'latest') return false;
  try {
    return semver.satisfies(version, range, { loose: true });
  } catch {
    return false;
  }
}
