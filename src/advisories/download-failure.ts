import type { MetaRepository } from '../store/meta-repository.js';

/**
 * How long a failed OSV dump download is remembered: scans within this time
 * use the fallback at once instead of waiting through the retries again
 * (`db update` always tries).
 */
export const REMEMBER_FAILURE_MS = 60 * 60 * 1000;

const KEYS = { at: 'dump.failed_at', reason: 'dump.failed_reason', source: 'dump.failed_source' } as const;

export interface RememberedFailure {
  /** When the download failed (ISO 8601). */
  at: string;
  reason: string;
  /** When a scan will try again (ISO 8601). */
  retryAfter: string;
}

/** The last failed download from this dump URL, if it is recent enough to skip trying again. */
export function recentDownloadFailure(meta: MetaRepository, source: string, now: Date): RememberedFailure | undefined {
  const at = meta.get(KEYS.at);
  const failedAt = Date.parse(at ?? '');
  if (!at || !Number.isFinite(failedAt) || meta.get(KEYS.source) !== source) return undefined;
  const age = now.getTime() - failedAt;
  // A failure "in the future" is a clock that moved back: not trusted.
  if (age < 0 || age >= REMEMBER_FAILURE_MS) return undefined;
  return { at, reason: meta.get(KEYS.reason) ?? 'unknown', retryAfter: new Date(failedAt + REMEMBER_FAILURE_MS).toISOString() };
}

export function rememberDownloadFailure(meta: MetaRepository, source: string, reason: string, now: Date): void {
  meta.set(KEYS.at, now.toISOString());
  meta.set(KEYS.reason, reason.slice(0, 500));
  meta.set(KEYS.source, source);
}

export function forgetDownloadFailure(meta: MetaRepository): void {
  for (const key of Object.values(KEYS)) meta.set(key, undefined);
}
