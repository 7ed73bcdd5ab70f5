/**
 * Inputfuncs: every message from a session is a named call `[name, args, kwargs]`
 * (`["text", ["look"], {}]`). The registry maps names to functions; `default` handles names
 * nobody registered. A game adds its own with `register`; GMCP/MSDP names map onto these.
 */
import type { ServerSession } from '../sessions/server-session.ts';

export interface InputCall {
  session: ServerSession;
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

export type InputFunc = (call: InputCall) => void | Promise<void>;

export class InputFuncRegistry {
  private readonly funcs = new Map<string, InputFunc>();

  register(name: string, fn: InputFunc): this {
    this.funcs.set(name, fn);
    return this;
  }

  /** The function for `name`, or the `default` inputfunc for unknown names. */
  resolve(name: string): InputFunc | undefined {
    return this.funcs.get(name) ?? this.funcs.get('default');
  }

  has(name: string): boolean {
    return this.funcs.has(name);
  }

  names(): string[] {
    return [...this.funcs.keys()].sort();
  }
}
