import type { Component } from '../model/component.js';
import type { Finding, Severity } from '../model/finding.js';
import type { Exposure, RiskScore, ScoreReason, Signal, SignalCode } from '../model/signal.js';

/** Points for the most severe finding of a component (docs/scoring.md). */
export const SEVERITY_POINTS: Readonly<Record<Severity, number>> = { malware: 100, critical: 60, high: 45, medium: 25, low: 10, unknown: 25 };
/** A vector an attacker can use over the network (CVSS `AV:N`) weighs more for an API. */
export const NETWORK_FACTOR = 1.2;
/** Each further finding on the same component, up to three. */
export const EXTRA_FINDING_POINTS = 5;

export const SIGNAL_POINTS: Readonly<Record<SignalCode, number>> = {
  malware: 0, // scored through its finding: 100, whatever the exposure
  typosquat: 30,
  'non-registry-source': 15,
  'foreign-registry': 15,
  'new-package': 15,
  deprecated: 15,
  'install-script': 10,
  'missing-integrity': 10,
  'new-version': 10,
  stale: 10,
  'unused-dependency': 10,
  'misplaced-dependency': 10,
  'weak-integrity': 5,
  behind: 5,
  'no-repository': 5,
  'no-license': 5,
  'unparseable-license': 5,
  'single-maintainer': 5,
  'heavy-dependency': 5,
};

/** Runtime code counts fully; optional and peer dependencies less; dev tooling much less. */
export const SCOPE_FACTOR = { runtime: 1, optionalOrPeer: 0.6, devOnly: 0.3 } as const;
/** Code the project reaches counts fully; unreachable runtime code less; unknown in between. */
export const REACH_FACTOR = { reachable: 1, unreachable: 0.7, unknown: 0.9 } as const;

/**
 * Risk score of each component, 0–100, from its findings, its signals and its
 * exposure (pure). Every score lists the reasons and points that make it up:
 * `score = min(100, round(base × exposure factor))`, malware always 100.
 */
export function scoreComponents(
  components: readonly Component[],
  findings: readonly Finding[],
  signals: readonly Signal[],
  exposure: ReadonlyMap<string, Exposure>,
): RiskScore[] {
  const findingsBy = groupBy(findings, (f) => f.componentId);
  const signalsBy = groupBy(signals, (s) => s.componentId);
  return components.map((component) => {
    const reasons: ScoreReason[] = [];
    const own = findingsBy.get(component.id) ?? [];
    const worst = own[0]; // findings arrive most severe first
    let base = 0;
    if (worst) {
      const points = findingPoints(worst);
      base += points;
      reasons.push({ code: worst.malicious ? 'malware' : `advisory:${worst.rating.level}`, points, detail: describeFinding(worst) });
      const extra = Math.min(3, own.length - 1) * EXTRA_FINDING_POINTS;
      if (extra > 0) {
        base += extra;
        reasons.push({ code: 'more-advisories', points: extra, detail: `${own.length - 1} more advisories` });
      }
    }
    for (const signal of signalsBy.get(component.id) ?? []) {
      const points = SIGNAL_POINTS[signal.code];
      if (points === 0) continue;
      base += points;
      reasons.push({ code: signal.code, points, detail: Object.entries(signal.evidence).map(([k, v]) => `${k}=${String(v)}`).join(', ') });
    }
    const exp = exposure.get(component.id);
    const factor = exp ? exposureFactor(exp) : 1;
    const malware = own.some((f) => f.malicious);
    const score = malware ? 100 : Math.min(100, Math.round(base * factor));
    if (base > 0 && exp) reasons.push({ code: 'exposure', points: factor, detail: describeExposure(exp, malware) });
    return { componentId: component.id, score, base, exposureFactor: factor, reasons };
  });
}

/** The score of one finding: its severity points (network vectors weigh more) times the component's exposure. */
export function scoreFinding(finding: Finding, exposure: Exposure | undefined): number {
  if (finding.malicious) return 100;
  return Math.min(100, Math.round(findingPoints(finding) * (exposure ? exposureFactor(exposure) : 1)));
}

export function findingPoints(finding: Finding): number {
  const points = SEVERITY_POINTS[finding.rating.level];
  return Math.round(isNetworkVector(finding.rating.vector) && !finding.malicious ? points * NETWORK_FACTOR : points);
}

export function exposureFactor(exposure: Exposure): number {
  const scope = exposure.runtime ? SCOPE_FACTOR.runtime : exposure.devOnly ? SCOPE_FACTOR.devOnly : SCOPE_FACTOR.optionalOrPeer;
  const reach = exposure.reachable === 'unknown' ? REACH_FACTOR.unknown : exposure.reachable ? REACH_FACTOR.reachable : REACH_FACTOR.unreachable;
  return Math.round(scope * reach * 100) / 100;
}

function isNetworkVector(vector: string | undefined): boolean {
  return vector !== undefined && /(^|\/)AV:N(\/|$)/.test(vector);
}

function describeFinding(finding: Finding): string {
  const score = finding.rating.score !== undefined ? ` ${finding.rating.score.toFixed(1)}` : '';
  const network = isNetworkVector(finding.rating.vector) && !finding.malicious ? `, network vector ×${NETWORK_FACTOR}` : '';
  return `${finding.primaryId} (${finding.rating.level}${score}${network})`;
}

function describeExposure(exposure: Exposure, malware: boolean): string {
  const scope = exposure.runtime ? 'runtime' : exposure.devOnly ? 'dev only' : 'optional/peer';
  const reach = exposure.reachable === 'unknown' ? 'reachability unknown' : exposure.reachable ? 'reached by the code' : 'not reached by the code';
  return `${scope}, ${reach}${malware ? ' (malware scores 100 whatever the exposure)' : ''}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(key(item));
    if (list) list.push(item);
    else map.set(key(item), [item]);
  }
  return map;
}
