/** Advisory data older than this gives a warning. */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/** Whole days from `iso` to `now` (0 for a date in the future). */
export function ageInDays(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / (24 * 3600 * 1000)));
}
