import { describe, expect, it } from 'vitest';
import { FeedParseError, parseFeed } from './parse-feed.ts';

const rss = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>News</title><link>https://example.org/</link>
${items}
</channel></rss>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 items oldest first by date, with guid, title and link', () => {
    const entries = parseFeed(
      rss(`
      <item><title>Second &amp; newer</title><link>https://example.org/2</link>
        <guid isPermaLink="false">id-2</guid><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
      <item><title>First</title><link>https://example.org/1</link>
        <guid>id-1</guid><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>`),
    );
    expect(entries).toEqual([
      { id: 'id-1', title: 'First', link: 'https://example.org/1' },
      { id: 'id-2', title: 'Second & newer', link: 'https://example.org/2' },
    ]);
  });

  it('reads a single RSS item, and falls back to the link as its id', () => {
    expect(parseFeed(rss('<item><title>Only</title><link>http://e.org/x</link></item>'))).toEqual([
      { id: 'http://e.org/x', title: 'Only', link: 'http://e.org/x' },
    ]);
  });

  it('reads Atom entries: the alternate link, the id, text with a type', () => {
    const entries = parseFeed(`<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>
  <entry><title type="html">&lt;b&gt;Bold&lt;/b&gt; news</title>
    <link rel="self" href="https://e.org/self"/><link rel="alternate" href="https://e.org/post"/>
    <id>urn:uuid:1</id><updated>2024-03-01T00:00:00Z</updated></entry>
</feed>`);
    expect(entries).toEqual([{ id: 'urn:uuid:1', title: 'Bold news', link: 'https://e.org/post' }]);
  });

  it('reads RSS 1.0 (RDF) items by their rdf:about', () => {
    const entries = parseFeed(`<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="https://e.org/"><title>R</title></channel>
  <item rdf:about="https://e.org/a"><title>A</title><link>https://e.org/a</link></item>
</rdf:RDF>`);
    expect(entries).toEqual([{ id: 'https://e.org/a', title: 'A', link: 'https://e.org/a' }]);
  });

  it('without dates, takes the document order as newest first', () => {
    const entries = parseFeed(
      rss('<item><guid>c</guid><title>C</title></item><item><guid>b</guid><title>B</title></item>'),
    );
    expect(entries.map((e) => e.id)).toEqual(['b', 'c']);
  });

  it('keeps only the newest entries, and nothing but http(s) links', () => {
    const items = Array.from(
      { length: 80 },
      (_, i) =>
        `<item><guid>g${79 - i}</guid><title>T</title><link>javascript:alert(1)</link></item>`,
    ).join('');
    const entries = parseFeed(rss(items), 50);
    expect(entries).toHaveLength(50);
    expect(entries[0]?.id).toBe('g30');
    expect(entries.at(-1)?.id).toBe('g79');
    expect(entries.every((e) => e.link === '')).toBe(true);
  });

  it('makes titles plain: no control characters, spaces collapsed, bounded', () => {
    const long = 'x'.repeat(1000);
    const [entry] = parseFeed(
      rss(`<item><guid>1</guid><title>a&#27;[31m  b
      c ${long}</title></item>`),
    );
    expect(entry?.title).not.toContain('\x1b');
    expect(entry?.title).toMatch(/^a ?\[31m b c x+…$/);
    expect(entry?.title.length).toBeLessThanOrEqual(300);
  });

  it('refuses what is not a feed, and broken XML', () => {
    expect(() => parseFeed('<html><body>hi</body></html>')).toThrow(FeedParseError);
    expect(() => parseFeed('<rss><channel><item>')).toThrow(FeedParseError);
  });

  it('does not expand entities without bound', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]><rss><channel><item><guid>1</guid><title>&d;&d;&d;&d;&d;&d;&d;&d;</title></item></channel></rss>`;
    let title = '';
    try {
      title = parseFeed(bomb)[0]?.title ?? '';
    } catch (err) {
      expect(err).toBeInstanceOf(FeedParseError);
    }
    expect(title.length).toBeLessThanOrEqual(300);
  });
});
