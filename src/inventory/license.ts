import { redactSecrets } from './redact-url.js';
/** A URL from package.json's `homepage`, `repository` or `bugs`, which may be strings or `{ url }`. */
export function declaredUrl(raw: unknown): string | undefined {
  const url = typeof raw === 'string' ? raw : raw && typeof raw === 'object' && 'url' in raw && typeof raw.url === 'string' ? raw.url : undefined;
  // A repository URL may carry a deploy token: never kept.
  return url === undefined ? undefined : redactSecrets(url.trim()) || undefined;
}
