import { neutralizeControls } from '../report/control-characters.js';
import type { OutputText } from '../report/output-formats.js';
import type { CliProcess, CliStream } from './cli-process.js';
import { writeOutput, writeOutputsChecked } from './write-output.js';

/** What commands need from the process, in one place so they never touch it directly. */
export interface CliContext {
  version: string;
  now(): Date;
  warn(message: string): void;
  info(message: string): void;
  writeOutput(file: string | undefined, content: OutputText): void;
  /** Writes outputs rendered beforehand, every target checked first (one that cannot be written: none is), naming each file written. */
  writeOutputs(outputs: ReadonlyArray<{ file: string | undefined; content: OutputText }>, onStaged?: () => void): void;
  /** Set by commands whose verdict decides the exit code (scan, diff). */
  setExitCode(code: number): void;
  /** False with --no-progress. */
  progressEnabled(): boolean;
  /** The environment, working folder and streams of the process running the command (never read from globals). */
  env: NodeJS.ProcessEnv;
  cwd(): string;
  stdout: CliStream;
  stderr: CliStream;
}

export function processContext(version: string, quiet: () => boolean, io: CliProcess): CliContext {
  return {
    version,
    env: io.env,
    cwd: () => io.cwd(),
    stdout: io.stdout,
    stderr: io.stderr,
    now: () => new Date(),
    // Messages carry names, paths and ids from outside: one line each, nothing that acts on the terminal.
    warn: (message) => io.stderr.write(`deptrust: warning: ${neutralizeControls(message)}\n`),
    info: (message) => {
      if (!quiet()) io.stderr.write(`deptrust: ${neutralizeControls(message)}\n`);
    },
    writeOutput: (file, content) => writeOutput(file, content, io),
    writeOutputs(outputs, onStaged) {
      writeOutputsChecked(outputs, io, onStaged, (file) => {
        if (!quiet()) io.stderr.write(`deptrust: wrote ${neutralizeControls(file)}\n`);
      });
    },
    setExitCode: (code) => io.setExitCode(code),
    progressEnabled: () => !quiet(),
  };
}
