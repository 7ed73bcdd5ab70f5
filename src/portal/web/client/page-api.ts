/// <reference lib="dom" />
/**
 * What page scripts (a game's own additions, a user script, the browser console) can use:
 *
 *   waystone.on('logged_in', (args, kwargs) => …)   // any message name: text, prompt, OOB, GMCP
 *   waystone.on('*', (args, kwargs, name) => …)     // every message
 *   waystone.onState((state) => …)                  // connecting / open / waiting / closed
 *   waystone.send('client_options', [], { get: true })
 *   waystone.sendText('look')
 *
 * Every message is also dispatched on `window` as a CustomEvent named `waystone:<name>` with
 * `detail = { args, kwargs }`, for scripts that prefer addEventListener. GMCP packages arrive
 * under their inputfunc names (`Char.Vitals` → `char_vitals`), as the Portal maps them.
 */
import type { ConnectionState } from './connection.ts';
import type { WireMessage } from './wire.ts';

export type MessageHandler = (
  args: unknown[],
  kwargs: Record<string, unknown>,
  name: string,
) => void;
export type StateHandler = (state: ConnectionState) => void;

export interface WaystoneApi {
  on(name: string, handler: MessageHandler): () => void;
  off(name: string, handler: MessageHandler): void;
  onState(handler: StateHandler): () => void;
  send(name: string, args?: unknown[], kwargs?: Record<string, unknown>): boolean;
  sendText(line: string): boolean;
  readonly state: ConnectionState;
}

export class PageEvents {
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly stateHandlers = new Set<StateHandler>();

  on(name: string, handler: MessageHandler): () => void {
    let set = this.handlers.get(name);
    if (set === undefined) this.handlers.set(name, (set = new Set()));
    set.add(handler);
    return () => this.off(name, handler);
  }

  off(name: string, handler: MessageHandler): void {
    this.handlers.get(name)?.delete(handler);
  }

  onState(handler: StateHandler): () => void {
    this.stateHandlers.add(handler);
    return () => this.stateHandlers.delete(handler);
  }

  emit(message: WireMessage): void {
    const { name, args, kwargs } = message;
    for (const key of [name, '*']) {
      for (const handler of this.handlers.get(key) ?? []) {
        // One broken page script must not stop the others, nor the client itself.
        try {
          handler(args, kwargs, name);
        } catch (err) {
          console.error(`waystone: a '${key}' handler threw`, err);
        }
      }
    }
    window.dispatchEvent(new CustomEvent(`waystone:${name}`, { detail: { args, kwargs } }));
  }

  emitState(state: ConnectionState): void {
    for (const handler of this.stateHandlers) {
      try {
        handler(state);
      } catch (err) {
        console.error('waystone: a state handler threw', err);
      }
    }
  }
}
