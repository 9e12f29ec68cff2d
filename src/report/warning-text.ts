import type { RegistryUnknownReason, SampleReason, Warning } from '../model/warning.js';

/** A warning in words, one line (the CLI prints it as `deptrust: warning: …`; JSON carries it as `message`). */
export function warningText(warning: Warning): string {
  switch (warning.code) {
    case 'lockfile-out-of-sync': {
      const problem = warning.problem === 'missing' ? `is not in the ${warning.sourceFile === 'node_modules' ? 'installed tree' : 'lockfile'}` : 'is not satisfied by the locked version';
      return `${warning.sourceFile} is out of sync with ${warning.manifest}: ${warning.name}@${warning.spec} ${problem}`;
    }
    case 'lockfile-without-manifest':
      return `no package.json beside ${warning.lockfile}: the lockfile is read alone, unchecked against the project's declared dependencies`;
    case 'package-manager-mismatch':
      return `package.json declares "packageManager": "${warning.declared}" but the only lockfile is ${warning.lockfile}: reading it`;
    case 'advisory-data-stale':
      return `the advisory data is ${warning.days} days old; run "deptrust db update"`;
    case 'registry-metadata-unknown':
      return `registry metadata unknown for ${warning.packages} packages${registryUnknownWhy(warning.reason)}: their maintenance signals are missing`;
    case 'source-unparsed':
      return `could not parse ${warning.error}; reachability may be incomplete`;
    case 'base-code-too-large':
      return `the base has ${warning.mebibytes} MiB of code: its reachability is judged with the change's code`;
    case 'ignore-rule-expired':
      return `ignore rule for ${ruleLabel(warning)} expired on ${warning.expires}: it no longer applies`;
    case 'ignore-rule-unused':
      return `ignore rule for ${ruleLabel(warning)} matched nothing: remove it`;
    case 'advisory-sample-used':
      return `${noDatabaseWhy(warning.reason)}. Using the ${warning.sample}: findings are INCOMPLETE. Run "deptrust db update" or "deptrust db import <zip>".`;
    case 'osv-api-failed':
      return `the OSV API failed (${warning.error}); using ${warning.fallback} instead`;
    case 'database-unavailable':
      return `${warning.error}; continuing without it`;
  }
}

function noDatabaseWhy(reason: SampleReason): string {
  switch (reason.kind) {
    case 'database-read-only':
      return 'NO ADVISORY DATABASE: the database is empty and read-only, so the OSV dump cannot be stored in it';
    case 'download-failed-recently':
      return `NO ADVISORY DATABASE: the OSV dump download failed at ${reason.at} (${reason.error}); scans retry after ${reason.retryAfter}, "deptrust db update" retries now`;
    case 'download-failed':
      return `NO ADVISORY DATABASE and the OSV dump could not be downloaded (${reason.error})`;
  }
}

/** Which side of a diff a warning is about: the base's are said so. */
export type WarningSide = 'head' | 'base';

/** A diff's warning in words: the base's start with `base: `. */
export function sideWarningText(warning: Warning, side: WarningSide): string {
  return side === 'base' ? `base: ${warningText(warning)}` : warningText(warning);
}

/** A warning as JSON gives it: its code and details, and the words. */
export type WarningJson = Warning & { message: string };

export function warningJson(warning: Warning): WarningJson {
  return { ...warning, message: warningText(warning) };
}

/** A diff's warning as JSON: which side it is about, its code and details, and the words. */
export function sideWarningJson(warning: Warning, side: WarningSide): { side: WarningSide } & WarningJson {
  return { side, ...warningJson(warning) };
}

function registryUnknownWhy(reason: RegistryUnknownReason): string {
  switch (reason.kind) {
    case 'offline':
      return ' (offline, not cached)';
    case 'hosts-given-up':
      return ` (${reason.hosts.map((h) => `${h.host} not asked again after ${h.reason}`).join('; ')})`;
    case 'deadline':
      return ' (the --deadline was reached)';
    case 'unexplained':
      return '';
  }
}

function ruleLabel(rule: { advisoryId: string; package: string | null }): string {
  return `${rule.advisoryId}${rule.package ? ` in ${rule.package}` : ''}`;
}
