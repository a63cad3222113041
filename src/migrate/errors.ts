/**
 * A migration failure told the way an operator needs it: what happened, what state the
 * database is in now, and what to do next. The CLI prints all three and exits non-zero.
 */
export class MigrationError extends Error {
  constructor(
    readonly what: string,
    readonly state: string,
    readonly next: string,
    options?: { cause?: unknown },
  ) {
    super(`${what}\nDatabase state: ${state}\nNext step: ${next}`, options);
    this.name = 'MigrationError';
  }
}
