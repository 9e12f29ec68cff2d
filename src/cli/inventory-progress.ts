import type { InventoryProgress, InventoryStep } from '../model/component.js';
import type { Progress } from './progress.js';

/** What each step of reading the tree says on the progress line. */
const STEP_LABELS: Record<InventoryStep, string> = {
  lockfile: 'reading the lockfile',
  packages: 'reading the dependency tree: packages',
  components: 'reading the dependency tree: components',
  paths: 'counting dependency paths',
};

/**
 * Progress while the tree is read: the reading runs without yielding to the
 * event loop (a phase's ticking clock stands still), so the readers report
 * from inside, a count where they have one. Drawn only where the progress
 * line is (a terminal's stderr, not CI, not --no-progress).
 */
export function inventoryProgress(progress: Progress): InventoryProgress {
  return (step, done, total) => {
    if (total > 0) progress.update(STEP_LABELS[step], done, total);
    else progress.phase(STEP_LABELS[step]);
  };
}
