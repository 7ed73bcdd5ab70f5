/**
 * The outbound kinds a Portal can run, by name. The Server asks for a kind by its name
 * (`serverConnect`); a name not listed here is refused, so nothing but these can be started
 * from across the link. Another kind (Discord, Grapevine) is one more file and one more line.
 */
import { ircKind } from './irc.ts';
import type { OutboundKind } from './outbound-kind.ts';
import { rssKind } from './rss.ts';

export class OutboundRegistry {
  private readonly kinds = new Map<string, OutboundKind<unknown>>();

  register<C>(kind: OutboundKind<C>): this {
    if (this.kinds.has(kind.name)) throw new Error(`outbound kind ${kind.name} registered twice`);
    this.kinds.set(kind.name, kind as OutboundKind<unknown>);
    return this;
  }

  get(name: string): OutboundKind<unknown> | undefined {
    return this.kinds.get(name);
  }

  get names(): string[] {
    return [...this.kinds.keys()];
  }
}

/** The kinds every Portal has. */
export function defaultOutboundKinds(): OutboundRegistry {
  return new OutboundRegistry().register(ircKind()).register(rssKind());
}
