/**
 * The longest delay a Node timer takes (2^31 - 1 ms, about 24.8 days).
 * Node sets a longer one to 1 ms, with a TimeoutOverflowWarning on stderr:
 * `--timeout 3000000` (or a huge npm fetch-timeout) would abort every request
 * at once, and a huge `--deadline` all network work. A wait that long is
 * never reached anyway, so longer ones are cut to it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` as a timer can wait it: at most MAX_TIMER_MS. */
export function timerMs(ms: number): number {
  return Math.min(ms, MAX_TIMER_MS);
}

/** The command's overall network deadline (`--deadline`). */
export interface Deadline {
  /** Aborts (with a TimeoutError) once the time is up. */
  signal: AbortSignal;
  /** Starts the clock; called by every network phase, only the first call counts. */
  start: () => void;
}

/**
 * A deadline that starts counting at the command's first network request,
 * not at start-up: `--deadline 60` is a minute of network work however long
 * resolving the tree took before it.
 */
export function networkDeadline(ms: number): Deadline {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    signal: controller.signal,
    start() {
      if (timer !== undefined) return;
      timer = setTimeout(() => controller.abort(new DOMException(`the --deadline of ${ms / 1000} s was reached`, 'TimeoutError')), timerMs(ms));
      // Never keeps the process alive by itself.
      timer.unref();
    },
  };
}
