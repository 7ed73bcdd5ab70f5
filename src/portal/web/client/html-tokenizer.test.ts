import { describe, expect, it } from 'vitest';
import { decodeReferences, tokenizeHtml, type HtmlToken } from './html-tokenizer.ts';

const text = (t: string): HtmlToken => ({ kind: 'text', text: t });
const start = (name: string, attrs: [string, string][] = [], selfClosing = false): HtmlToken => ({
  kind: 'startTag',
  name,
  attributes: new Map(attrs),
  selfClosing,
});
const end = (name: string): HtmlToken => ({ kind: 'endTag', name });

describe('tokenizeHtml', () => {
  it('reads what the Server renders: spans with class and style, <br>, escaped text', () => {
    expect(
      tokenizeHtml(
        '<span class="ansi-fg-9 ansi-bold">red &amp; &lt;b&gt;</span><br><span style="color:#5f87af">x</span>',
      ),
    ).toEqual([
      start('span', [['class', 'ansi-fg-9 ansi-bold']]),
      text('red & <b>'),
      end('span'),
      start('br'),
      start('span', [['style', 'color:#5f87af']]),
      text('x'),
      end('span'),
    ]);
  });

  it('reads quoted, unquoted and bare attributes, lower-cases names, keeps the first of a name', () => {
    expect(
      tokenizeHtml(`<A HREF='/x?a=1&amp;b=2' Title=t data-command="look" hidden TITLE="2"/>`),
    ).toEqual([
      start(
        'a',
        [
          ['href', '/x?a=1&b=2'],
          ['title', 't'],
          ['data-command', 'look'],
          ['hidden', ''],
        ],
        true,
      ),
    ]);
    expect(tokenizeHtml('<b a="1"c=2 =d e = "3">')).toEqual([
      start('b', [
        ['a', '1'],
        ['c', '2'],
        ['=d', ''],
        ['e', '3'],
      ]),
    ]);
  });

  it('treats a < that starts no tag as text, and skips comments, doctypes and </> (text runs on)', () => {
    expect(tokenizeHtml('1 < 2 <3 </> <!-- <b>x</b> --> <!doctype html><?php ?>ok')).toEqual([
      text('1 < 2 <3   ok'),
    ]);
    expect(tokenizeHtml('a<!-->b<!--->c<!-- x --!>d<![CDATA[<b>]]>e')).toEqual([text('abcd]]>e')]);
  });

  it('reads raw text up to its own end tag only, decoding references in RCDATA alone', () => {
    expect(tokenizeHtml('<script>if (a</b) x="</scriptx>"</SCRIPT >after')).toEqual([
      start('script'),
      text('if (a</b) x="</scriptx>"'),
      end('script'),
      text('after'),
    ]);
    expect(tokenizeHtml('<style>&amp;</style><title>&amp;</title>')).toEqual([
      start('style'),
      text('&amp;'),
      end('style'),
      start('title'),
      text('&'),
      end('title'),
    ]);
    expect(tokenizeHtml('<plaintext></plaintext><b>')).toEqual([
      start('plaintext'),
      text('</plaintext><b>'),
    ]);
  });

  it('hides no handler inside an attribute value from the tag it belongs to', () => {
    expect(tokenizeHtml('<b title="x onclick=y">t</b><img src=x onerror="alert(1)">')).toEqual([
      start('b', [['title', 'x onclick=y']]),
      text('t'),
      end('b'),
      start('img', [
        ['src', 'x'],
        ['onerror', 'alert(1)'],
      ]),
    ]);
  });

  it('drops a tag cut off by the end of the input, but keeps a lone < or </ as text', () => {
    expect(tokenizeHtml('a<b onclick="x')).toEqual([text('a')]);
    expect(tokenizeHtml('a<!-- never closed')).toEqual([text('a')]);
    expect(tokenizeHtml('a<')).toEqual([text('a<')]);
    expect(tokenizeHtml('a</')).toEqual([text('a</')]);
  });

  it('normalises CR LF and lone CR to LF and drops NUL', () => {
    expect(tokenizeHtml('a\r\nb\rc\0d')).toEqual([text('a\nb\ncd')]);
  });

  it('gives the same tokens however the input is split into messages of whole tags', () => {
    const whole = tokenizeHtml('<b>bold</b> and <i>it</i>');
    const parts = ['<b>bold</b>', ' and ', '<i>it</i>'].flatMap((p) => tokenizeHtml(p));
    expect(parts).toEqual(whole);
  });
});

describe('decodeReferences', () => {
  it('decodes the named references the Server writes, and numeric ones', () => {
    expect(decodeReferences('&amp;&lt;&gt;&quot;&#39;&apos;&nbsp;')).toBe("&<>\"''\u00a0");
    expect(decodeReferences('&#8212;&#x2014;&#X1F600;&#65')).toBe('——😀A');
  });

  it('follows the standard for numbers that name no character', () => {
    expect(decodeReferences('&#0;&#xD800;&#x110000;&#99999999999999999999;')).toBe(
      '\ufffd'.repeat(4),
    );
    expect(decodeReferences('&#x80;&#150;&#x9D;')).toBe('€–\u009d');
  });

  it('asks the lookup for other names and leaves unknown ones as written', () => {
    const lookup = (name: string): string | null => (name === 'hellip' ? '…' : null);
    expect(decodeReferences('&hellip; &bogus; &amp', { namedReference: lookup })).toBe(
      '… &bogus; &amp',
    );
  });
});
