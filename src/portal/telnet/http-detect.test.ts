import { describe, expect, it } from 'vitest';
import { HTTP_ON_TELNET_REPLY, looksLikeHttpRequestLine } from './http-detect.ts';

describe('looksLikeHttpRequestLine', () => {
  it.each([
    'GET / HTTP/1.1',
    'GET /favicon.ico HTTP/1.0',
    'POST /x HTTP/1.0',
    'HEAD / HTTP/1.1',
    'OPTIONS * HTTP/1.1',
    'PUT /a?b=c HTTP/1.1',
    'DELETE /thing HTTP/1.1',
    'CONNECT example.org:443 HTTP/1.1',
    'PATCH /thing HTTP/1.1',
    'TRACE / HTTP/1.1',
    'GET / HTTP/2',
  ])('recognises %j', (line) => {
    expect(looksLikeHttpRequestLine(line)).toBe(true);
  });

  it.each([
    '',
    'look',
    'get sword',
    'connect Alice secret',
    'get / http/1.1',
    'GET /',
    'GET / HTTP/1.1 extra',
    'GET  / HTTP/1.1',
    'say GET / HTTP/1.1',
    'FETCH / HTTP/1.1',
  ])('does not mistake %j for HTTP', (line) => {
    expect(looksLikeHttpRequestLine(line)).toBe(false);
  });
});

describe('HTTP_ON_TELNET_REPLY', () => {
  const [head = '', body = ''] = HTTP_ON_TELNET_REPLY.split('\r\n\r\n');
  const headers = head.split('\r\n');

  it('is a 400 that closes the connection', () => {
    expect(headers[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(headers).toContain('Connection: close');
    expect(headers).toContain('Content-Type: text/plain; charset=utf-8');
  });

  it('announces the exact body length in bytes', () => {
    const length = headers.find((h) => h.startsWith('Content-Length: '));
    expect(Number(length?.slice('Content-Length: '.length))).toBe(Buffer.byteLength(body, 'utf8'));
  });

  it('tells the visitor what the port is and where to go', () => {
    expect(body).toMatch(/telnet/);
    expect(body).toMatch(/MUD client/);
    expect(body).toMatch(/web client/);
  });
});
