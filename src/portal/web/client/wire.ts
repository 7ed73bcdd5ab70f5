/**
 * Evennia's WebSocket wire format as the page speaks it (REFERENCE.md §13): every frame is
 * JSON `["name", [args], {kwargs}]` both ways. The Portal sends `text` and `prompt` as HTML
 * (already escaped, `<br>` line breaks) and everything else (OOB: `logged_in`,
 * `client_options`, GMCP packages by their inputfunc names) as plain JSON values.
 */
export interface WireMessage {
  name: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** Decode one server frame; `null` for anything that is not `["name", [args], {kwargs}]`. */
export function decodeServerFrame(raw: string): WireMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || typeof value[0] !== 'string' || value[0] === '') return null;
  const args: unknown = value[1] ?? [];
  const kwargs: unknown = value[2] ?? {};
  if (!Array.isArray(args)) return null;
  if (typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) return null;
  return { name: value[0], args, kwargs: kwargs as Record<string, unknown> };
}

export function encodeClientFrame(
  name: string,
  args: readonly unknown[] = [],
  kwargs: Readonly<Record<string, unknown>> = {},
): string {
  return JSON.stringify([name, args, kwargs]);
}

/** The first argument of a `text`/`prompt` message as a string ('' when absent). */
export function firstText(message: WireMessage): string {
  const first = message.args[0];
  return typeof first === 'string' ? first : first == null ? '' : String(first);
}
