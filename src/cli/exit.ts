import { CommanderError } from 'commander';
import { DeptrustError } from '../model/errors.js';
import { ExitCode, type ExitCodeValue } from '../model/exit-codes.js';
import { databaseFault } from '../store/database-fault.js';
import { neutralizeControls } from '../report/control-characters.js';

/**
 * The one place errors become exit codes. Expected errors print one line;
 * anything else is a deptrust bug and says so (the stack only with DEPTRUST_DEBUG=1).
 */
export function exitCodeFor(error: unknown, writeErr: (line: string) => void, env: NodeJS.ProcessEnv): ExitCodeValue {
  if (error instanceof CommanderError) {
    // Help and version "errors" are how commander stops after printing them.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
      return ExitCode.Pass;
    }
    return ExitCode.Usage;
  }
  // Messages name files, packages and ids from outside: one line, nothing that acts on the terminal.
  if (error instanceof DeptrustError) {
    writeErr(`deptrust: ${neutralizeControls(error.message)}`);
    return error.exitCode;
  }
  // A corrupt, locked or read-only database file surfacing mid-command is the environment's fault, not a bug.
  const fault = databaseFault(error);
  if (fault) {
    writeErr(`deptrust: ${fault.message}`);
    return fault.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  writeErr(`deptrust: internal error: ${neutralizeControls(message.split('\n')[0] ?? '')} (please report it; set DEPTRUST_DEBUG=1 for details)`);
  if (env['DEPTRUST_DEBUG'] === '1' && error instanceof Error && error.stack) writeErr(error.stack);
  return ExitCode.Internal;
}
