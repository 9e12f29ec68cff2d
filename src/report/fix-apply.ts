import type { ApplyRound, ApplyStage, FindingRef, FixApplyReport, RoundConcern } from '../model/fix-apply.js';
import { escapeJsonControls, joinReportLines } from './control-characters.js';

const ROUND_LABELS: Record<ApplyRound, string> = {
  minor: 'lockfile refreshes, in-range and minor upgrades, overrides',
  major: 'semver-major upgrades, for what the first round left',
};

const ref = (r: FindingRef): string => `${r.name}@${r.version} ${r.advisoryId} (${r.severity})`;

/** `deptrust fix --apply` as text: each round (edits, commands, kept or undone), then fixed, remaining with the reason, introduced. */
export function renderFixApplyText(report: FixApplyReport, projectDir: string): string {
  const lines: string[] = [];
  const total = report.fixed.length + report.remaining.length;
  if (total === 0 && report.introduced.length === 0) return 'Nothing to fix: no known advisory affects these components.\n';
  lines.push(`fix --apply in ${projectDir}: ${report.fixed.length} of ${total} finding(s) fixed, ${report.remaining.length} remaining, ${report.introduced.length} introduced.`);
  if (report.stages.length === 0) lines.push('No step of the plan could be applied: nothing was changed.');
  report.stages.forEach((stage) => {
    const verdict = stage.kept
      ? `kept, fixed ${stage.fixed.length}`
      : `undone, every file restored (${undoneBecause(stage)})`;
    lines.push('', `Round ${stage.round === 'minor' ? 1 : 2}${stage.attempt > 1 ? ', tried again' : ''} (${ROUND_LABELS[stage.round]}): ${verdict}`);
    for (const change of stage.changes) {
      const what = change.from === undefined ? `added ${JSON.stringify(change.to)}` : change.to === undefined ? `removed ${JSON.stringify(change.from)}` : `${change.from} → ${change.to}`;
      lines.push(`  ${change.file}: ${change.field} ${what}`);
    }
    for (const o of stage.plan.overrides) if (o.semverMajor) lines.push(`  semver-major: the override of ${o.key} moves ${o.fixes.join(', ')} to another major than ${o.fixes.length === 1 ? 'its parents declare' : 'their parents declare'}; check its changelog`);
    for (const command of stage.commands) lines.push(`  ran: ${command}`);
    if (stage.leftOutNext) lines.push(`  tried again without ${stage.leftOutNext.join(', ')}`);
  });
  lines.push('', report.changedFiles.length > 0 ? `Changed: ${report.changedFiles.join(', ')}` : 'Changed: nothing (every file is as it was).');
  if (report.fixed.length > 0) lines.push('', 'Fixed:', ...report.fixed.map((r) => `  ${ref(r)}`));
  if (report.remaining.length > 0) lines.push('', 'Remaining:', ...report.remaining.map((r) => `  ${ref(r)}: ${r.reason}`));
  if (report.introduced.length > 0) lines.push('', 'Introduced:', ...report.introduced.map((r) => `  ${ref(r)}`));
  return `${joinReportLines(lines)}\n`;
}

/** The same as data. */
export function renderFixApplyJson(report: FixApplyReport, tool: { name: string; version: string }): string {
  return escapeJsonControls(`${JSON.stringify({ schemaVersion: 1, tool, dryRun: false, ...report }, null, 2)}\n`);
}

/** Why a round was undone, in words: what it introduced, else what it made worse, else that it fixed nothing. */
export function undoneBecause(stage: Pick<ApplyStage, 'introduced' | 'concerns'>): string {
  const reasons: string[] = [];
  if (stage.introduced.length > 0) reasons.push(`it introduced ${stage.introduced.map((r) => `${r.name}@${r.version} ${r.advisoryId}`).join(', ')}`);
  if (stage.concerns.length > 0) reasons.push(stage.concerns.map(concernText).join(', '));
  return reasons.length > 0 ? reasons.join('; ') : 'it fixed nothing';
}

function concernText(concern: RoundConcern): string {
  switch (concern.code) {
    case 'policy-violation':
      return `${concern.name}@${concern.version} breaks the policy (${concern.detail})`;
    case 'install-script':
      return `${concern.name}@${concern.version} ${concern.detail}`;
    case 'non-registry-source':
      return `${concern.name}@${concern.version} comes ${concern.detail}`;
    case 'unplanned-major':
      return `${concern.name} moved across a major version nobody planned (${concern.detail})`;
  }
}
