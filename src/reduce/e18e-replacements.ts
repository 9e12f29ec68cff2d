import type { Replacement } from '../model/reduce.js';
import type { ReplacementLookup } from './reduce-report.js';

/**
 * The e18e module-replacements data (npm `module-replacements`, MIT): for
 * a package name, the native APIs, lighter packages or plain removal its
 * community suggests. Loaded only by `reduce` and `explain`.
 */
export async function loadE18eReplacements(): Promise<ReplacementLookup> {
  const { all, resolveDocUrl } = await import('module-replacements');
  return (name) => {
    const mapping = all.mappings[name];
    if (!mapping) return [];
    return mapping.replacements.flatMap((replacementId): Replacement[] => {
      const replacement = all.replacements[replacementId];
      if (!replacement) return [];
      const url = resolveDocUrl(replacement.url ?? mapping.url) ?? undefined;
      const use =
        replacement.type === 'documented'
          ? replacement.replacementModule
          : replacement.type === 'native'
            ? replacement.id
            : replacement.description;
      return [{ kind: replacement.type, use, ...(url ? { url } : {}) }];
    });
  };
}
