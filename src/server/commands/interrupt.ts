/**
 * `throw new InterruptCommand()` stops a command where it stands, quietly: the handler logs
 * nothing and tells the player nothing, unless a notice is given. A question that times out
 * rejects with one too (reason 'timeout'), so a command that does not catch it simply ends.
 */
export type InterruptReason = 'interrupt' | 'timeout' | 'cancelled';

export class InterruptCommand extends Error {
  /** Shown to the player when the interrupt reaches the handler (empty: nothing shown). */
  readonly notice: string;
  readonly reason: InterruptReason;

  constructor(notice = '', reason: InterruptReason = 'interrupt') {
    super(notice === '' ? 'command interrupted' : notice);
    this.name = 'InterruptCommand';
    this.notice = notice;
    this.reason = reason;
  }
}
