import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from './html.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

describe('renderHtml', () => {
  it('escapes text and turns newlines into <br>', () => {
    expect(renderHtml('<script>alert("x")</script> & co\nnext')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co<br>next',
    );
    expect(renderHtml('a\r\nb|/c')).toBe('a<br>b<br>c');
  });

  it('draws the sixteen colours and attributes as the webclient’s classes', () => {
    expect(renderHtml('|rred|n plain')).toBe('<span class="ansi-fg-9 ansi-bold">red</span> plain');
    expect(renderHtml('|Rdark')).toBe('<span class="ansi-fg-1">dark</span>');
    expect(renderHtml('|[Bx')).toBe('<span class="ansi-bg-4">x</span>');
    expect(renderHtml('|u|^x')).toBe('<span class="ansi-underline ansi-blink">x</span>');
  });

  it('draws xterm-256 and true colours as inline styles', () => {
    expect(renderHtml('|500a')).toBe('<span style="color:#ff0000">a</span>');
    expect(renderHtml('|[=ba')).toBe('<span style="background-color:#080808">a</span>');
    expect(renderHtml('|#12AB34|[#000000a')).toBe(
      '<span style="color:#12ab34;background-color:#000000">a</span>',
    );
    expect(renderHtml('|[ra')).toBe('<span style="background-color:#ff0000">a</span>');
  });

  it('swaps the colours for inverse, the page’s own standing in for an unset one', () => {
    expect(renderHtml('|*a')).toBe('<span class="ansi-fg-page-bg ansi-bg-page-fg">a</span>');
    expect(renderHtml('|R|[G|*a')).toBe('<span class="ansi-fg-2 ansi-bg-1">a</span>');
  });

  it('closes spans before every <br> and at the end, and never nests them', () => {
    expect(renderHtml('|ra\nb|gc')).toBe(
      '<span class="ansi-fg-9 ansi-bold">a</span><br>' +
        '<span class="ansi-fg-9 ansi-bold">b</span><span class="ansi-fg-10 ansi-bold">c</span>',
    );
  });

  it('keeps one span across codes that change nothing', () => {
    expect(renderHtml('|ra|rb|n|nc')).toBe('<span class="ansi-fg-9 ansi-bold">ab</span>c');
  });

  it('shows a literal bar and unknown codes as text', () => {
    expect(renderHtml('a||b |q')).toBe('a|b |q');
  });

  it('removes raw escapes in the source', () => {
    expect(renderHtml('\u001b[31mx')).toBe('x');
  });
});

describe('renderHtml links', () => {
  it('are <a data-command> links the webclient sends when clicked', () => {
    expect(renderHtml('Go |lclook|ltLook around|le.')).toBe(
      'Go <a data-command="look">Look around</a>.',
    );
  });

  it('hold their spans, and close before a <br>', () => {
    expect(renderHtml('|rRed |lclook|ltLook|/on|n|le')).toBe(
      '<span class="ansi-fg-9 ansi-bold">Red </span>' +
        '<a data-command="look"><span class="ansi-fg-9 ansi-bold">Look</span></a><br>' +
        '<a data-command="look"><span class="ansi-fg-9 ansi-bold">on</span></a>',
    );
  });

  it('escape the command as an attribute', () => {
    expect(renderHtml(`|lcsay "hi" <b>&'|ltx|le`)).toBe(
      '<a data-command="say &quot;hi&quot; &lt;b&gt;&amp;&#39;">x</a>',
    );
  });
});
