import { neutralizeControls } from '../report/control-characters.js';
import { writeOutput } from './write-output.js';

/** What commands need from the process, in one place so they never touch it directly. */
export interface CliContext {
  version: string;
  now(): Date;
  warn(message: string): void;
  info(message: string): void;
  writeOutput(file: string | undefined, content: string): void;
  /** Writes outputs rendered beforehand (all of them or, on a failure while rendering, none), naming each file written. */
  writeOutputs(outputs: ReadonlyArray<{ file: string | undefined; content: string }>): void;
  /** Set by commands whose verdict decides the exit code (scan, diff). */
  setExitCode(code: number): void;
  /** False with --no-progress. */
  progressEnabled(): boolean;
}

export function processContext(version: string, quiet: () => boolean): CliContext {
  return {
    version,
    now: () => new Date(),
    // Messages carry names, paths and ids from outside: one line each, nothing that acts on the terminal.
    warn: (message) => process.stderr.write(`deptrust: warning: ${neutralizeControls(message)}\n`),
    info: (message) => {
      if (!quiet()) process.stderr.write(`deptrust: ${neutralizeControls(message)}\n`);
    },
    writeOutput,
    writeOutputs(outputs) {
      for (const { file, content } of outputs) {
        writeOutput(file, content);
        if (file && file !== '-' && !quiet()) process.stderr.write(`deptrust: wrote ${neutralizeControls(file)}\n`);
      }
    },
    setExitCode: (code) => {
      process.exitCode = code;
    },
    progressEnabled: () => !quiet(),
  };
}
