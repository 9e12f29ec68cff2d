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
  };
}
