/**
 * A problem the user can fix (bad flag, bad config, unreadable input): reported as one line
 * on stderr with exit code 2, never as a stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}
