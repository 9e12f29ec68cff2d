/**
 * The process as the CLI sees it: its environment, working folder, output
 * streams and exit code. `bin/deptrust.js` gives the real one; a test runs
 * the same program with its own (test/helpers/run-cli.ts), so nothing of one
 * run (environment, folder, exit code) reaches another or the test itself.
 */
export interface CliProcess {
  env: NodeJS.ProcessEnv;
  cwd(): string;
  stdout: CliStream;
  stderr: CliStream;
  setExitCode(code: number): void;
  /**
   * Runs work that may block the thread for as long as another process
   * decides (opening a FIFO nobody reads yet, writing to a full pipe), with
   * SIGINT and SIGTERM left to end the process at once, as they end a shell
   * blocked on `>`: their handlers run on the event loop, which a blocked
   * thread never reaches, so caught they would leave the process deaf to a
   * cancelled CI job. A test's process runs the work as it is.
   */
  whileBlocked?<T>(work: () => T): T;
}

/** What the CLI needs of stdout and stderr: writing, and whether (and how wide) it is a terminal. */
export interface CliStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export function realProcess(): CliProcess {
  return {
    env: process.env,
    cwd: () => process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    whileBlocked: withDefaultSignals,
  };
}

const INTERRUPTS = ['SIGINT', 'SIGTERM'] as const;

/** `work` with no listener on SIGINT and SIGTERM (Node then restores their default action, ending the process), put back after. */
function withDefaultSignals<T>(work: () => T): T {
  const saved = INTERRUPTS.map((signal) => [signal, process.rawListeners(signal)] as const);
  for (const signal of INTERRUPTS) process.removeAllListeners(signal);
  try {
    return work();
  } finally {
    for (const [signal, listeners] of saved) for (const listener of listeners) process.on(signal, listener as NodeJS.SignalsListener);
  }
}
