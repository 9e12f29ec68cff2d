import semver from 'semver';
import parseSpdxExpression from 'spdx-expression-parse';
import type { OmittableScope, SourceKind } from '../model/component.js';
import { ConfigError } from '../model/errors.js';
import type { IgnoreRule, Policy, VexJustification } from '../model/policy.js';
import { DEFAULT_POLICY } from '../model/policy.js';
import type { SignalCode } from '../model/signal.js';

/**
 * Turns a policy document that already passed its JSON schema
 * (docs/schemas/policy.v1.schema.json) into a Policy, checking what a schema
 * cannot: real dates, semver ranges and SPDX ids. Errors name the JSON path.
 */
export function parsePolicy(document: unknown, file: string): Policy {
  const doc = record(document, '', file);
  const failOn = record(doc['failOn'] ?? {}, '/failOn', file);
  const policy: Policy = {
    failOn: {
      // `moderate` is npm's and GitHub's word for medium.
      severity: failOn['severity'] === 'moderate' ? 'medium' : ((failOn['severity'] as Policy['failOn']['severity'] | undefined) ?? DEFAULT_POLICY.failOn.severity),
      signals: (failOn['signals'] as SignalCode[] | undefined) ?? [],
      deniedLicenses: [],
    },
    omit: (doc['omit'] as OmittableScope[] | undefined) ?? [],
    ignore: [],
    file,
  };
  if (typeof failOn['riskScore'] === 'number') policy.failOn.riskScore = failOn['riskScore'];
  const licenses = failOn['licenses'];
  if (licenses !== undefined) {
    const deny = record(licenses, '/failOn/licenses', file)['deny'];
    (Array.isArray(deny) ? deny : []).forEach((id, index) => {
      if (typeof id !== 'string' || !isSpdxId(id)) throw new ConfigError(`${file}: /failOn/licenses/deny/${index}: ${JSON.stringify(id)} is not an SPDX licence id`, `/failOn/licenses/deny/${index}`);
      policy.failOn.deniedLicenses.push(id);
    });
  }
  const sources = failOn['sources'];
  if (sources !== undefined) policy.failOn.allowedSources = record(sources, '/failOn/sources', file)['allow'] as SourceKind[];
  const hosts = failOn['registryHosts'];
  if (hosts !== undefined) policy.failOn.allowedRegistryHosts = record(hosts, '/failOn/registryHosts', file)['allow'] as string[];
  const portfolio = doc['portfolio'];
  if (portfolio !== undefined) {
    const store = record(portfolio, '/portfolio', file)['store'];
    if (typeof store === 'string') {
      // A policy file is committed: a password there would be in every clone.
      // node-postgres reads one from the user's part of the URL, and from a `password` query parameter.
      if (/^postgres(ql)?:\/\/[^/@]*:[^/@]*@/i.test(store) || /^postgres(ql)?:\/\/[^?#]*\?([^#]*&)?password=/i.test(store)) {
        throw new ConfigError(`${file}: /portfolio/store: a password does not belong in the policy file; use PGPASSWORD or ~/.pgpass`, '/portfolio/store');
      }
      policy.portfolioStore = store;
    }
  }
  const ignore = Array.isArray(doc['ignore']) ? doc['ignore'] : [];
  ignore.forEach((entry, index) => {
    const rule = record(entry, `/ignore/${index}`, file);
    const where = `/ignore/${index}`;
    const expires = String(rule['expires']);
    if (Number.isNaN(Date.parse(`${expires}T00:00:00Z`)) || new Date(`${expires}T00:00:00Z`).toISOString().slice(0, 10) !== expires) {
      throw new ConfigError(`${file}: ${where}/expires: ${JSON.stringify(expires)} is not a real date (YYYY-MM-DD)`, `${where}/expires`);
    }
    if (typeof rule['versions'] === 'string' && semver.validRange(rule['versions'], { loose: true }) === null) {
      throw new ConfigError(`${file}: ${where}/versions: ${JSON.stringify(rule['versions'])} is not a semver range`, `${where}/versions`);
    }
    const parsed: IgnoreRule = { id: String(rule['id']), reason: String(rule['reason']), expires };
    if (typeof rule['package'] === 'string') parsed.package = rule['package'];
    if (typeof rule['versions'] === 'string') parsed.versions = rule['versions'];
    if (typeof rule['justification'] === 'string') parsed.justification = rule['justification'] as VexJustification;
    policy.ignore.push(parsed);
  });
  return policy;
}

function isSpdxId(id: string): boolean {
  try {
    const parsed = parseSpdxExpression(id);
    return 'license' in parsed;
  } catch {
    return false;
  }
}

function record(value: unknown, where: string, file: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError(`${file}: ${where || '/'} must be an object`, where || '/');
  return value as Record<string, unknown>;
}
