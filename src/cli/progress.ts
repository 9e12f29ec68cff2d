/**
 * Progress on stderr: one line, redrawn, when stderr is a terminal; nothing
 * otherwise (logs and CI get the final status lines only).
 */
export interface Progress {
  update(label: string, done: number, total?: number, unit?: 'bytes' | 'items'): void;
  /** A phase without a count (reading the tree, matching): its name and, past a second, the time it has taken. */
  phase(label: string): void;
  finish(): void;
}

/** What progress needs of stderr. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * `enabled` is false with --no-progress; a `CI` variable (set by every CI
 * service) and a stderr that is not a TTY turn it off too.
 */
export function createProgress(enabled: boolean, stream: ProgressStream, env: NodeJS.ProcessEnv): Progress {
  const live = enabled && stream.isTTY === true && !runsInCi(env);
  let lastDraw = 0;
  let drawn = false;
  let ticker: NodeJS.Timeout | undefined;
  const draw = (text: string): void => {
    stream.write(`\r\x1b[2K${text}`);
    drawn = true;
  };
  const stopTicker = (): void => {
    if (ticker) clearInterval(ticker);
    ticker = undefined;
  };
  return {
    update(label, done, total, unit = 'items') {
      if (!live) return;
      stopTicker();
      const now = Date.now();
      if (now - lastDraw < 80 && total !== undefined && done < total) return;
      lastDraw = now;
      const amount = unit === 'bytes' ? `${mib(done)}${total ? ` of ${mib(total)}` : ''} MiB` : `${done}${total ? ` of ${total}` : ''}`;
      const width = 24;
      const bar = total ? `[${'#'.repeat(Math.round((done / total) * width)).padEnd(width, '.')}] ` : '';
      draw(`${label} ${bar}${amount}`);
    },
    phase(label) {
      if (!live) return;
      stopTicker();
      const started = Date.now();
      draw(`${label}…`);
      // Redrawn while the event loop is free; unref'd so it never keeps the process alive.
      ticker = setInterval(() => {
        const seconds = (Date.now() - started) / 1000;
        if (seconds >= 1) draw(`${label}… ${seconds.toFixed(0)} s`);
      }, 250);
      ticker.unref();
    },
    finish() {
      stopTicker();
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

function runsInCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
