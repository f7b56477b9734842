// Errors are values with a user-facing message until the edge: the UI shows `message`,
// the CLI prints `error: <message>` and exits non-zero. Never a stack trace for bad input.

export class UserError extends Error {
  /** Where the problem is: a file name, a flag, a link field. */
  readonly where?: string;
  constructor(message: string, where?: string) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'UserError';
    this.where = where;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}
