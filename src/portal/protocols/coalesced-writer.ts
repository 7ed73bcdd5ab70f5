/**
 * One socket write per session per tick. Everything a connection writes during one turn of the
 * event loop (a room's worth of `say` lines arriving in one link frame, a prompt after its
 * text, telnet's IAC GA) is kept in order and handed to the socket as a single Buffer when the
 * turn ends (`setImmediate`), instead of one `write` — one syscall, one WriteWrap — per message.
 * Player sockets also run with TCP_NODELAY, so that one write leaves at once.
 *
 * The bytes held here count towards the session's output-buffer cap (`pendingBytes`), so the
 * cap still bounds everything a slow client can make the Portal keep.
 */

/** The part of a socket the writer needs. */
export interface ByteSink {
  /** False once the socket was ended or destroyed: what is held then has nowhere to go. */
  readonly writable: boolean;
  write(bytes: Buffer): unknown;
}

function flushWriter(writer: CoalescedWriter): void {
  writer.flush();
}

export class CoalescedWriter {
  /** What this turn wrote; null between turns, so an idle connection holds no array. */
  private chunks: Buffer[] | null = null;
  private bytes = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(private readonly sink: ByteSink) {}

  /** Bytes accepted but not yet handed to the socket. */
  get pendingBytes(): number {
    return this.bytes;
  }

  write(bytes: Buffer): void {
    if (bytes.length === 0) return;
    (this.chunks ??= []).push(bytes);
    this.bytes += bytes.length;
    // A shared function rather than a bound method: no closure per idle session.
    if (this.scheduled === null) this.scheduled = setImmediate(flushWriter, this);
  }

  /** Hands everything held to the socket now (before `end`, or when the turn is over). */
  flush(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    const chunks = this.chunks;
    if (chunks === null || this.bytes === 0) return;
    const data = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.bytes);
    this.chunks = null;
    this.bytes = 0;
    if (this.sink.writable) this.sink.write(data);
  }

  /** Forgets what is held (the socket is gone or being destroyed). */
  discard(): void {
    if (this.scheduled !== null) clearImmediate(this.scheduled);
    this.scheduled = null;
    this.chunks = null;
    this.bytes = 0;
  }
}
