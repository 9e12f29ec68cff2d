import semver from 'semver';
import type { Component } from '../model/component.js';
import type { Finding, Severity } from '../model/finding.js';
import { severityRank } from '../model/finding.js';
import type { IgnoreRule, Policy } from '../model/policy.js';
import type { ScanResult } from '../model/scan-result.js';
import type { Warning } from '../model/warning.js';
import { licenseDenied } from './license-allowed.js';

/** `--fail-on`: a severity, or `none` (only malware fails). */
export type FailOn = Policy['failOn']['severity'];

export interface Violation {
  componentId: string;
  /** The finding's primary id, for advisory violations. */
  primaryId: string;
  /** The rule broken, in words (`fail-on high`, `malware`, `risk score >= 70`, `signal typosquat`, `license GPL-3.0-only denied`, …). */
  rule: string;
}

export interface Suppression {
  componentId: string;
  primaryId: string;
  rule: IgnoreRule;
}

export interface Verdict {
  passed: boolean;
  violations: Violation[];
  /** Findings an ignore rule covers: not violations, recorded as VEX in the SBOM. */
  suppressed: Suppression[];
  /** Expired and unused ignore rules. */
  warnings: Warning[];
}

/**
 * `unknown` severity (no CVSS vector and no database severity) counts as
 * medium when compared with `--fail-on`: not knowing is no reason to pass.
 */
function effectiveRank(level: Severity): number {
  return severityRank(level === 'unknown' ? 'medium' : level);
}

/** Whether a finding (or one recorded in the portfolio: its malware flag and rating level) fails `--fail-on`. */
export function violatesFailOn(finding: Pick<Finding, 'malicious'> & { rating: Pick<Finding['rating'], 'level'> }, failOn: FailOn): boolean {
  if (finding.malicious) return true;
  if (failOn === 'none') return false;
  return effectiveRank(finding.rating.level) <= severityRank(failOn);
}

/**
 * Which findings and components break the policy (pure). Ignore rules apply
 * until the end of their `expires` day; an expired rule stops applying and
 * warns, so the finding fails again; a rule that matched nothing warns.
 * Malware can be ignored only by a rule naming its id.
 */
export function evaluatePolicy(result: Pick<ScanResult, 'findings' | 'inventory' | 'signals' | 'scores'>, policy: Pick<Policy, 'failOn' | 'ignore'>, now: Date = new Date()): Verdict {
  const byId = new Map(result.inventory.components.map((c) => [c.id, c]));
  const violations: Violation[] = [];
  const suppressed: Suppression[] = [];
  const warnings: Warning[] = [];
  const used = new Set<IgnoreRule>();
  const active = policy.ignore.filter((rule) => {
    const inForce = ruleInForce(rule, now);
    if (!inForce) warnings.push({ code: 'ignore-rule-expired', advisoryId: rule.id, package: rule.package ?? null, expires: rule.expires });
    return inForce;
  });

  for (const finding of result.findings) {
    const component = byId.get(finding.componentId);
    const rule = component && ruleCovering(active, finding, component);
    if (rule) {
      used.add(rule);
      suppressed.push({ componentId: finding.componentId, primaryId: finding.primaryId, rule });
      continue;
    }
    if (finding.malicious) violations.push({ componentId: finding.componentId, primaryId: finding.primaryId, rule: 'malware' });
    else if (violatesFailOn(finding, policy.failOn.severity)) {
      violations.push({ componentId: finding.componentId, primaryId: finding.primaryId, rule: `fail-on ${policy.failOn.severity}` });
    }
  }

  const { riskScore, signals, deniedLicenses, allowedSources, allowedRegistryHosts } = policy.failOn;
  if (riskScore !== undefined) {
    for (const score of result.scores) if (score.score >= riskScore) violations.push({ componentId: score.componentId, primaryId: '', rule: `risk score ${score.score} >= ${riskScore}` });
  }
  const failingSignals = new Set(signals);
  for (const signal of result.signals) if (failingSignals.has(signal.code)) violations.push({ componentId: signal.componentId, primaryId: '', rule: `signal ${signal.code}` });
  for (const component of result.inventory.components) {
    if (component.isWorkspace) continue;
    const denied = licenseDenied(component.license, deniedLicenses);
    if (denied) violations.push({ componentId: component.id, primaryId: '', rule: `license ${denied} denied` });
    if (allowedSources && !allowedSources.includes(component.source.kind)) violations.push({ componentId: component.id, primaryId: '', rule: `source ${component.source.kind} not allowed` });
    const host = component.source.host;
    if (allowedRegistryHosts && component.source.kind === 'registry' && host && !allowedRegistryHosts.includes(host)) {
      violations.push({ componentId: component.id, primaryId: '', rule: `registry host ${host} not allowed` });
    }
  }
  for (const rule of active) if (!used.has(rule)) warnings.push({ code: 'ignore-rule-unused', advisoryId: rule.id, package: rule.package ?? null });
  return { passed: violations.length === 0, violations, suppressed, warnings };
}

/** Whether an ignore rule applies at `now`: until the end of its `expires` day (UTC). */
export function ruleInForce(rule: Pick<IgnoreRule, 'expires'>, now: Date): boolean {
  return now.getTime() <= Date.parse(`${rule.expires}T23:59:59.999Z`);
}

/**
 * The first of `rules` that covers a finding of a component: one of its ids
 * or aliases, and the rule's package and version range when given. Used by
 * the scan's verdict and by `portfolio audit`, so both suppress alike.
 */
export function ruleCovering<Rule extends IgnoreRule>(rules: readonly Rule[], finding: Pick<Finding, 'ids'>, component: Pick<Component, 'name' | 'version'>): Rule | undefined {
  return rules.find((rule) => ruleCovers(rule, finding, component));
}

function ruleCovers(rule: IgnoreRule, finding: Pick<Finding, 'ids'>, component: Pick<Component, 'name' | 'version'>): boolean {
  if (!finding.ids.includes(rule.id)) return false;
  if (rule.package !== undefined && rule.package !== component.name) return false;
  if (rule.versions !== undefined && !semver.satisfies(component.version, rule.versions, { includePrerelease: true, loose: true })) return false;
  return true;
}
