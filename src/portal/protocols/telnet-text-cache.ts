/**
 * The telnet bytes of the last text sent, shared by the connections of one listener.
 *
 * A room-wide message reaches the Portal once for all its sessions (`outputShared`), and then
 * every one of those sessions would render the same markup and encode the same bytes. Sessions
 * that see text the same way (the same colour mode, MXP links or not, and encoding) get the same bytes, so one
 * entry — the last text — turns a room of 100 into one rendering and 99 comparisons. The
 * Buffer is shared read-only: nothing on the output path writes into the bytes it is given.
 */
import {
  colourModeForFlags,
  mxpLinksForFlags,
  type ColourMode,
} from '../../shared/markup/index.ts';
import type { ProtocolFlags } from '../../shared/session-data.ts';
import { encodeTextForTelnet } from '../telnet/output.ts';
import { renderText, withLineEnd } from './output-policy.ts';

export class TelnetTextCache {
  private text: string | null = null;
  private mode: ColourMode | null = null;
  private mxp = false;
  private encoding: BufferEncoding | null = null;
  private lineEnd = false;
  private bytes: Buffer | null = null;

  /** `text` rendered for `flags`, with a line end added when asked, as telnet bytes. */
  bytesFor(
    text: string,
    flags: Readonly<ProtocolFlags>,
    encoding: BufferEncoding,
    lineEnd: boolean,
  ): Buffer {
    const mode = colourModeForFlags(flags);
    const mxp = mxpLinksForFlags(flags);
    if (
      this.bytes !== null &&
      text === this.text &&
      mode === this.mode &&
      mxp === this.mxp &&
      encoding === this.encoding &&
      lineEnd === this.lineEnd
    )
      return this.bytes;
    const rendered = renderText(text, flags, 'terminal');
    const bytes = encodeTextForTelnet(lineEnd ? withLineEnd(rendered) : rendered, encoding);
    this.text = text;
    this.mode = mode;
    this.mxp = mxp;
    this.encoding = encoding;
    this.lineEnd = lineEnd;
    this.bytes = bytes;
    return bytes;
  }
}
