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
      timer = setTimeout(() => controller.abort(new DOMException(`the --deadline of ${ms / 1000} s was reached`, 'TimeoutError')), ms);
      // Never keeps the process alive by itself.
      timer.unref();
    },
  };
}
