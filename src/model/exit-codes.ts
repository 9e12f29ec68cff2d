/** Process exit codes, as documented in docs/exit-codes.md. */
export const ExitCode = {
  /** The run finished and the policy passed. */
  Pass: 0,
  /** The run finished and found policy violations. */
  Violations: 1,
  /** Usage or configuration error: bad flag, unreadable or malformed lockfile, invalid config. */
  Usage: 2,
  /** Data error: no advisory data while offline, unreadable database, network failure with no usable cache. */
  Data: 3,
  /** Internal error: a deptrust bug (the stack trace with DEPTRUST_DEBUG=1). Never caused by the user's input. */
  Internal: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
