import semver from 'semver';
import parseSpdxExpression from 'spdx-expression-parse';
import type { Component } from '../model/component.js';
import type { RegistryInfo } from '../model/packument.js';
import type { Signal } from '../model/signal.js';

const DAY = 24 * 3600 * 1000;
const YEAR = 365.25 * DAY;
/** No release for this long: stale. */
export const STALE_AFTER_YEARS = 2;
/** A version this new has had little scrutiny (most malicious releases are caught within days). */
export const NEW_VERSION_DAYS = 7;
export const NEW_PACKAGE_DAYS = 30;

/**
 * Maintenance and freshness signals from the registry (pure): deprecated,
 * stale, behind (libyear and majors), no repository, no or unparseable
 * licence, single maintainer (when the registry says), a version or package
 * published only days ago.
 */
export function detectRegistrySignals(components: readonly Component[], registry: ReadonlyMap<string, RegistryInfo>, now: Date): Signal[] {
  const signals: Signal[] = [];
  for (const component of components) {
    if (component.source.kind !== 'registry') continue;
    const info = registry.get(component.name);
    if (info?.status !== 'found') continue;
    const { packument } = info;
    const add = (code: Signal['code'], evidence: Signal['evidence']): void => void signals.push({ code, componentId: component.id, evidence });
    const installed = packument.versions[component.version];
    if (installed?.deprecated) add('deprecated', { message: installed.deprecated.slice(0, 300) });

    const lastPublish = latestPublish(packument.versions) ?? packument.modified;
    if (lastPublish) {
      const years = (now.getTime() - Date.parse(lastPublish)) / YEAR;
      if (years >= STALE_AFTER_YEARS) add('stale', { lastPublish: lastPublish.slice(0, 10), years: round(daysBetween(lastPublish, now) / 365.25) });
    }

    const latest = packument.latest;
    if (latest && semver.valid(latest) && semver.valid(component.version) && semver.gt(latest, component.version) && !semver.prerelease(latest)) {
      const installedTime = installed?.time;
      const latestTime = packument.versions[latest]?.time;
      const libyears = installedTime && latestTime ? Math.max(0, (Date.parse(latestTime) - Date.parse(installedTime)) / YEAR) : undefined;
      const majors = semver.major(latest) - semver.major(component.version);
      if (majors >= 1 || (libyears ?? 0) >= 1) add('behind', { latest, majorsBehind: majors, ...(libyears !== undefined ? { libyears: round(libyears) } : {}) });
    }

    if (!packument.repository) add('no-repository', {});
    const license = component.license ?? packument.license;
    if (!license) add('no-license', {});
    else if (!isUsableLicense(license)) add('unparseable-license', { license: license.slice(0, 100) });
    if (packument.maintainers === 1) add('single-maintainer', { maintainers: 1 });

    if (installed?.time && now.getTime() - Date.parse(installed.time) < NEW_VERSION_DAYS * DAY) {
      add('new-version', { published: installed.time, days: daysBetween(installed.time, now) });
    }
    if (packument.created && now.getTime() - Date.parse(packument.created) < NEW_PACKAGE_DAYS * DAY) {
      add('new-package', { created: packument.created, days: daysBetween(packument.created, now) });
    }
  }
  return signals;
}

/** An SPDX expression, or one of npm's documented forms (`UNLICENSED`, `SEE LICENSE IN <file>`). */
export function isUsableLicense(license: string): boolean {
  if (license === 'UNLICENSED' || /^SEE LICEN[CS]E IN /i.test(license)) return true;
  try {
    parseSpdxExpression(license);
    return true;
  } catch {
    return false;
  }
}

function latestPublish(versions: Readonly<Record<string, { time?: string }>>): string | undefined {
  let latest: string | undefined;
  for (const { time } of Object.values(versions)) if (time && (!latest || time > latest)) latest = time;
  return latest;
}

/**
 * Whole days from the UTC date of `time` to the UTC date of `now`. Evidence
 * ages count calendar days so that two runs of one day give the same bytes
 * (`--reproducible`): an age to the tenth of a day changed every 2.4 hours
 * (`days=5.3`, then `5.4` on a rerun minutes later).
 */
function daysBetween(time: string, now: Date): number {
  const utcDate = (ms: number): number => Math.floor(ms / DAY);
  return Math.max(0, utcDate(now.getTime()) - utcDate(Date.parse(time)));
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
