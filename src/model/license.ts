/**
 * The declared licence as one string. package.json allows a string, a legacy
 * `{ type }` object, or a legacy `licenses` array (npm docs, "license").
 */
export function declaredLicense(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw.trim() || undefined;
  if (Array.isArray(raw)) {
    const parts = raw.map(declaredLicense).filter((part): part is string => part !== undefined);
    if (parts.length === 0) return undefined;
    return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
  }
  if (raw && typeof raw === 'object' && 'type' in raw) return declaredLicense(raw.type);
  return undefined;
}
