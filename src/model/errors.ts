import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/**
 * Base class of every error deptrust expects. The CLI prints `message` as one
 * line and exits with `exitCode`; anything else is a bug and is reported as one.
 */
export class DeptrustError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad flag or argument. */
export class UsageError extends DeptrustError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** A project we cannot read: missing directory, no lockfile, malformed or hostile lockfile. */
export class ProjectError extends DeptrustError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
  }
}

/** An invalid configuration file; `jsonPath` names the faulty value. */
export class ConfigError extends DeptrustError {
  readonly jsonPath: string;
  constructor(message: string, jsonPath: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
    this.jsonPath = jsonPath;
  }
}

/** Advisory data missing, unreadable database, or a network failure with no usable cache. */
export class DataError extends DeptrustError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Data, options);
  }
}

/** A network request that failed after its retries. */
export class NetworkError extends DataError {
  readonly url: string;
  readonly status: number | undefined;
  constructor(message: string, url: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.url = url;
    this.status = status;
  }
}

/** A file-system error as a few words (`no such file`, `permission denied`). */
export function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const known: Record<string, string> = {
      ENOENT: 'no such file',
      EACCES: 'permission denied',
      EISDIR: 'is a directory',
      ENOTDIR: 'not a directory',
      EPERM: 'operation not permitted',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on device',
      ELOOP: 'too many symbolic links',
    };
    return known[error.code] ?? error.code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The package manager could not relock the edited project (`fix --apply`); every file was restored. */
export class RelockError extends DeptrustError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Data, options);
  }
}
