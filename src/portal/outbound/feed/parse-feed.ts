/**
 * A feed document as a short list of entries: RSS 2.0 (`rss/channel/item`), RSS 1.0
 * (`rdf:RDF/item`) and Atom (`feed/entry`), read with fast-xml-parser. Each entry keeps what a
 * channel line needs — a stable id, a title and a link — as plain text, bounded in length. The
 * list is oldest first (by date where every entry has one, else the reverse of the document's
 * order, since feeds list the newest first), and only the newest `maxEntries` are kept.
 *
 * Entity expansion is bounded (a "billion laughs" DOCTYPE cannot blow up), and the document's
 * size was bounded before it got here (fetch-feed.ts).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface FeedEntry {
  /** The entry's guid/id, else its link, else its title: what "seen" is remembered by. */
  readonly id: string;
  readonly title: string;
  /** An http(s) link, or ''. */
  readonly link: string;
}

export class FeedParseError extends Error {
  override name = 'FeedParseError';
}

const MAX_ID = 500;
const MAX_TITLE = 300;
const MAX_LINK = 2000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  htmlEntities: true,
  processEntities: {
    enabled: true,
    maxEntityCount: 100,
    maxEntitySize: 10_000,
    maxTotalExpansions: 10_000,
    maxExpandedLength: 200_000,
  },
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

type Node = Record<string, unknown>;

export function parseFeed(xml: string, maxEntries = 50): FeedEntry[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true)
    throw new FeedParseError(`not well-formed XML (line ${valid.err.line}): ${valid.err.msg}`);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new FeedParseError(`not well-formed XML: ${(err as Error).message}`);
  }
  const rss = asNode(doc['rss']);
  const rdf = asNode(doc['RDF']);
  const atom = asNode(doc['feed']);
  let raw: Array<{ entry: FeedEntry; date: number }>;
  if (rss !== null) raw = list(asNode(rss['channel'])?.['item']).map(rssItem);
  else if (rdf !== null) raw = list(rdf['item']).map(rssItem);
  else if (atom !== null) raw = list(atom['entry']).map(atomEntry);
  else throw new FeedParseError('neither an RSS nor an Atom feed');
  const usable = raw.filter((r) => r.entry.id !== '');
  const dated = usable.every((r) => Number.isFinite(r.date));
  const ordered = dated ? [...usable].sort((a, b) => a.date - b.date) : [...usable].reverse();
  return ordered.slice(-maxEntries).map((r) => r.entry);
}

function rssItem(item: unknown): { entry: FeedEntry; date: number } {
  const node = asNode(item) ?? {};
  const title = clean(text(node['title']), MAX_TITLE);
  const link = httpLink(text(list(node['link'])[0]));
  const guid = text(node['guid']) || text(node['@_about']);
  const date = Date.parse(text(node['pubDate']) || text(node['date']));
  return { entry: { id: idOf(guid, link, title), title, link }, date };
}

function atomEntry(item: unknown): { entry: FeedEntry; date: number } {
  const node = asNode(item) ?? {};
  const title = clean(text(node['title']), MAX_TITLE);
  const links = list(node['link']).map((l) => asNode(l) ?? {});
  const alternate =
    links.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? links[0] ?? {};
  const link = httpLink(text(alternate['@_href']));
  const date = Date.parse(text(node['published']) || text(node['updated']));
  return { entry: { id: idOf(text(node['id']), link, title), title, link }, date };
}

function idOf(id: string, link: string, title: string): string {
  return clean(id || link || title, MAX_ID);
}

/** The text of an element: a string, or an element with attributes and `#text`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  const node = asNode(value);
  if (node !== null) return text(node['#text']);
  return '';
}

/** Plain text: tags (an HTML title) and control characters removed, spaces collapsed, cut. */
function clean(value: string, max: number): string {
  const plain = value
    .replace(/<[^>]*>/g, '')
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\x00-\x1f\x7f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}

function httpLink(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length > MAX_LINK) return '';
  try {
    const url = new URL(trimmed);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

function asNode(value: unknown): Node | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Node)
    : null;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
