import type { InventorySourceFile } from './inventory-source-file.js';

/**
 * A non-fatal problem, as data: a stable code and the details that explain
 * it, worded only by the reporters (src/report/warning-text.ts). Paths in the
 * details are relative to the project folder, so a diff's base (scanned in a
 * temporary folder) gives the same warning as the project itself would.
 */
export type Warning =
  /** package.json declares a dependency the lockfile (or node_modules) lacks, or one whose locked version misses the declared range. */
  | { code: 'lockfile-out-of-sync'; sourceFile: InventorySourceFile; manifest: string; name: string; spec: string; problem: 'missing' | 'unsatisfied' }
  /** A lockfile without a package.json beside it, read alone. */
  | { code: 'lockfile-without-manifest'; lockfile: string }
  /** package.json's `packageManager` names another manager than the only lockfile's. */
  | { code: 'package-manager-mismatch'; declared: string; lockfile: string }
  /** The local advisory database was last updated `days` ago. */
  | { code: 'advisory-data-stale'; days: number }
  /** Registry metadata could not be had for `packages` packages, and why. */
  | { code: 'registry-metadata-unknown'; packages: number; reason: RegistryUnknownReason }
  /** A file of the project's code that could not be parsed for its imports. */
  | { code: 'source-unparsed'; error: string }
  /** A diff's base has too much code to read: its reachability is judged with the change's code. */
  | { code: 'base-code-too-large'; mebibytes: number }
  /** An ignore rule of the policy past its expiry date. */
  | { code: 'ignore-rule-expired'; advisoryId: string; package: string | null; expires: string }
  /** An ignore rule that matched no finding. */
  | { code: 'ignore-rule-unused'; advisoryId: string; package: string | null }
  /** No advisory database to read: the scan uses the built-in sample (`sample` describes it), so its findings are incomplete. */
  | { code: 'advisory-sample-used'; sample: string; reason: SampleReason }
  /** The OSV API failed (`--source api`): the scan uses `fallback` (the local database or the sample) instead. */
  | { code: 'osv-api-failed'; error: string; fallback: string }
  /** The local database could not be opened (corrupt, unreadable): the command goes on without it. */
  | { code: 'database-unavailable'; error: string };

export type WarningCode = Warning['code'];

/** Why registry metadata is missing: offline and not cached, hosts given up on after connection failures, the deadline, or none known. */
export type RegistryUnknownReason =
  | { kind: 'offline' }
  | { kind: 'hosts-given-up'; hosts: Array<{ host: string; reason: string }> }
  | { kind: 'deadline' }
  | { kind: 'unexplained' };

/** Why there is no advisory database: empty and read-only, a dump download that failed a moment ago (retried after `retryAfter`), or one that failed now. */
export type SampleReason =
  | { kind: 'database-read-only' }
  | { kind: 'download-failed-recently'; at: string; error: string; retryAfter: string }
  | { kind: 'download-failed'; error: string };

/** Warnings in a stable order: by code, then by their details. */
export function compareWarnings(a: Warning, b: Warning): number {
  const left = JSON.stringify(a);
  const right = JSON.stringify(b);
  return a.code < b.code ? -1 : a.code > b.code ? 1 : left < right ? -1 : left > right ? 1 : 0;
}

/** Whether two warnings say the same (a diff prints a base's warning only when the head does not have it too). */
export function sameWarning(a: Warning, b: Warning): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
