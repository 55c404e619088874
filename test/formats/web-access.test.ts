import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { webAccessFormat } from '../../src/ingest/formats/web-access.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const { parse, draft, sample } = lineFormatHelpers(webAccessFormat);

const UA = 'Mozilla/5.0 (X11; Linux x86_64)';

void describe('web-access parse', () => {
  void it('reads the common layout and keeps the time text as found', () => {
    const d = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a.html HTTP/1.0" 200 2326');
    assert.equal(d.time, '10/Oct/2000:13:55:36 -0700');
    assert.equal(d.dataset, 'web.access');
    assert.deepEqual(d.fields.source, { ip: '192.0.2.1' });
    assert.equal(d.fields.user, undefined);
    assert.deepEqual(d.fields.http, { version: '1.0', request: { method: 'GET' }, response: { status_code: 200, bytes: 2326 } });
    assert.deepEqual(d.fields.event, { category: ['web'], type: ['access'], action: 'http-request', outcome: 'success' });
    assert.deepEqual(d.fields.labels, { variant: 'common' });
  });

  void it('reads the combined layout with an IPv6 client, user, query, referrer and user agent', () => {
    const d = draft(`2001:DB8::5 - bob [10/Oct/2000:13:55:36 +0000] "POST /login?next=%2F&x=1 HTTP/1.1" 403 - "https://example.com/" "${UA}"`);
    assert.deepEqual(d.fields.source, { ip: '2001:db8::5' });
    assert.deepEqual(d.fields.user, { name: 'bob' });
    assert.deepEqual(d.fields.url, { original: '/login?next=%2F&x=1', path: '/login', query: 'next=%2F&x=1' });
    assert.equal(d.fields.http?.request?.referrer, 'https://example.com/');
    assert.equal(d.fields.http?.response?.bytes, undefined, 'bytes "-" means none');
    assert.equal(d.fields.user_agent?.original, UA);
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.equal(d.fields.labels?.variant, 'combined');
  });

  void it("reads Python's http.server and Werkzeug lines, whose time has no zone", () => {
    const d = draft('127.0.0.1 - - [27/Jul/2023 16:06:44] "POST /login HTTP/1.1" 401 -');
    assert.equal(d.time, '27/Jul/2023 16:06:44');
    assert.deepEqual([d.fields.source?.ip, d.fields.http?.response?.status_code, d.fields.event?.outcome], ['127.0.0.1', 401, 'failure']);
    assert.equal(parse('127.0.0.1 - - [27/Jul/2023 16:06] "GET / HTTP/1.1" 200 -').kind, 'error');
  });

  void it('puts host-name clients in source.domain', () => {
    const d = draft('crawler.example.net - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "-"');
    assert.deepEqual(d.fields.source, { domain: 'crawler.example.net' });
    assert.equal(d.fields.user_agent, undefined);
    assert.equal(d.fields.http?.request?.referrer, undefined);
  });

  void it('keeps "-" requests and TLS garbage as events without method or path', () => {
    const empty = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "-" 408 - "-" "-"');
    assert.equal(empty.fields.url, undefined);
    assert.equal(empty.fields.http?.request, undefined);
    assert.equal(empty.fields.labels?.request_note, 'empty');
    const tls = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "\\x16\\x03\\x01\\x02\\x00" 400 226 "-" "-"');
    assert.equal(tls.fields.url, undefined);
    assert.equal(tls.fields.http?.request?.method, undefined);
    assert.equal(tls.fields.labels?.request_note, 'malformed');
    assert.equal(tls.fields.labels?.request, '\\x16\\x03\\x01\\x02\\x00');
    const word = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "HELP" 400 157 "-" "-"');
    assert.equal(word.fields.labels?.request_note, 'malformed');
  });

  void it("undoes nginx's and Apache's own escapes in the target, referrer, user agent and user, as the client sent them", () => {
    const nginx = draft(String.raw`192.0.2.1 - j\x22d [10/Oct/2000:13:55:36 +0000] "GET /q?a=\x22%3E%3Csvg onload=\x22alert(1)\x22&p=caf\xC3\xA9 HTTP/1.1" 200 5 "http://x/\x22r\x22" "Mozilla \x22 () { :; }; /bin/bash -c \x22id\x22 \x5Cx41"`);
    assert.deepEqual(nginx.fields.url, { original: '/q?a="%3E%3Csvg onload="alert(1)"&p=café', path: '/q', query: 'a="%3E%3Csvg onload="alert(1)"&p=café' });
    assert.equal(nginx.fields.http?.request?.referrer, 'http://x/"r"');
    assert.equal(nginx.fields.user_agent?.original, String.raw`Mozilla " () { :; }; /bin/bash -c "id" \x41`, 'an escaped backslash is not read again');
    assert.deepEqual(nginx.fields.user, { name: 'j"d' });
    const apache = draft(String.raw`192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /a\"b\\c\x41 HTTP/1.1" 200 5 "-" "agent \"quoted\" C:\\x64"`);
    assert.equal(apache.fields.url?.original, '/a"b\\cA');
    assert.equal(apache.fields.user_agent?.original, String.raw`agent "quoted" C:\x64`);
    // Bytes that are no text stay as written: control characters, invalid UTF-8; so does the event's original.
    const binary = draft(String.raw`192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /x\x00y\x0A\xC0\xAE HTTP/1.1" 200 5 "-" "a\x1B[31m"`);
    assert.equal(binary.fields.url?.original, String.raw`/x\x00y\x0A\xC0\xAE`);
    assert.equal(binary.fields.user_agent?.original, String.raw`a\x1B[31m`);
  });

  void it('keeps the method of a request whose target is odd but whose version is known', () => {
    const d = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET %2Fetc%2Fpasswd HTTP/1.1" 400 0 "-" "-"');
    assert.equal(d.fields.http?.request?.method, 'GET');
    assert.deepEqual(d.fields.url, { original: '%2Fetc%2Fpasswd' });
  });

  void it('keeps unescaped spaces in an HTTP/0.9-style target', () => {
    const d = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET /a.php?cmd=ls -al" 400 226');
    assert.equal(d.fields.url?.query, 'cmd=ls -al');
    assert.equal(d.fields.http?.version, undefined);
  });

  void it('splits absolute-form targets (proxy requests)', () => {
    const d = draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET http://www.Example.net:8080/p?q=1 HTTP/1.1" 405 0 "-" "-"');
    assert.deepEqual(d.fields.url, {
      original: 'http://www.Example.net:8080/p?q=1', scheme: 'http', domain: 'www.example.net', path: '/p', query: 'q=1',
    });
  });

  void it('reads vhost_combined with and without a port', () => {
    const withPort = draft(`www.example.com:443 192.0.2.1 - - [10/Oct/2000:13:55:36 +0200] "GET / HTTP/1.1" 200 10 "-" "${UA}"`);
    assert.deepEqual(withPort.fields.destination, { domain: 'www.example.com', port: 443 });
    assert.deepEqual(withPort.fields.source, { ip: '192.0.2.1' });
    assert.equal(withPort.fields.labels?.variant, 'vhost_combined');
    const bare = draft(`www.example.com 192.0.2.1 - - [10/Oct/2000:13:55:36 +0200] "GET / HTTP/1.1" 200 10 "-" "${UA}"`);
    assert.deepEqual(bare.fields.destination, { domain: 'www.example.com' });
    // A program's tag is no vhost: the syslog reader takes `nginx: …` (a line without its syslog time).
    assert.equal(parse(`nginx: 192.0.2.1 - - [10/Oct/2000:13:55:36 +0200] "GET / HTTP/1.1" 200 10 "-" "${UA}"`).kind, 'error');
  });

  void it('keeps Tomcat trailing fields (request time) in labels', () => {
    const d = draft('0:0:0:0:0:0:0:1 - admin [10/Oct/2000:13:55:36 +0000] "GET /manager/html HTTP/1.1" 401 2473 15');
    assert.equal(d.fields.source?.ip, '::1');
    assert.equal(d.fields.user?.name, 'admin');
    assert.deepEqual(d.fields.labels, { extra: '15', variant: 'common' });
  });

  void it('keeps nginx trailing fields and key=value pairs, drops placeholder ones', () => {
    const d = draft(`192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "${UA}" rt=0.012 uct="0.001" variant=x`);
    assert.equal(d.fields.labels?.rt, '0.012');
    assert.equal(d.fields.labels?.uct, '0.001');
    assert.equal(d.fields.labels?.variant, 'combined', 'a trailing field cannot overwrite our labels');
    assert.equal(d.fields.labels?.extra, 'rt=0.012 uct="0.001" variant=x');
    const placeholder = draft(`192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1 "-" "${UA}" "-"`);
    assert.equal(placeholder.fields.labels?.extra, undefined);
  });

  void it('keeps an ident other than "-" as a label', () => {
    const d = draft('192.0.2.1 identd-user frank [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1');
    assert.equal(d.fields.labels?.ident, 'identd-user');
    assert.equal(d.fields.user?.name, 'frank');
  });

  void it('maps status to outcome at the 400 boundary', () => {
    assert.equal(draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 399 1').fields.event?.outcome, 'success');
    assert.equal(draft('192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 400 1').fields.event?.outcome, 'failure');
  });

  void it('rejects lines that are not access log lines', () => {
    for (const text of [
      '',
      'hello world',
      'Oct 10 13:55:36 host sshd[1]: Accepted password for root from 192.0.2.1 port 22 ssh2',
      '[Wed Oct 11 14:32:52 2000] [error] [client 192.0.2.1] File does not exist: /x',
      '192.0.2.1 - - [yesterday] "GET / HTTP/1.1" 200 1',
      'a b c d e 192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1',
      '!!! - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1" 200 1',
      '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "GET / HTTP/1.1',
    ]) {
      assert.equal(parse(text).kind, 'error', text);
    }
  });

  void it('never throws on random input', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ' -"[]:/\\x0123456789abcGET HTTP/1.1+';
    for (let i = 0; i < 2000; i++) {
      let text = i % 2 === 0 ? '192.0.2.1 - - [10/Oct/2000:13:55:36 +0000] "' : '';
      const length = Math.floor(rand() * 120);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      assert.doesNotThrow(() => parse(text));
      assert.doesNotThrow(() => webAccessFormat.sniff(sample([text])));
    }
  });
});

void describe('web-access: keys and values named like Object.prototype members', () => {
  void it('keeps trailing key=value tokens named like one as labels and reads them as values', async () => {
    for (const w of HOSTILE_WORDS) {
      const line = `203.0.113.9 ${w} ${w} [15/Jan/2024:10:00:00 +0000] "GET /${w}?${w}=1 HTTP/1.1" 200 5 "-" "${w}" ${w}=v rt=0.1`;
      const [event] = await hostileEvents('web-access', line, 1);
      assert.equal(event?.user?.name, w);
      assert.equal(event?.url?.path, `/${w}`);
      assert.equal(event?.user_agent?.original, w);
      assertOwnField(event?.labels, w, 'v');
      assertOwnField(event?.labels, 'ident', w);
      assertOwnField(event?.labels, 'rt', '0.1');
    }
  });
});

void describe('web-access sniff', () => {
  const access = [
    '192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1',
    `2001:db8::1 - - [10/Oct/2000:13:55:37 -0700] "GET /b HTTP/1.1" 404 2 "-" "${UA}"`,
    `www.example.com:80 192.0.2.2 - - [10/Oct/2000:13:55:38 -0700] "GET /c HTTP/1.1" 200 3 "-" "${UA}"`,
  ];

  void it('is confident on access logs', () => {
    assert.equal(webAccessFormat.sniff(sample(access)), 1);
  });

  void it('ignores syslog, error logs and IIS logs', () => {
    assert.equal(webAccessFormat.sniff(sample(['Oct 10 13:55:36 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2'])), 0);
    assert.equal(webAccessFormat.sniff(sample(['[Sun Dec 04 04:47:44 2005] [error] [client 192.0.2.1] File does not exist: /x'])), 0);
    assert.equal(webAccessFormat.sniff(sample(['2024/01/02 03:04:05 [error] 1#0: *5 x, client: 192.0.2.1, server: s'])), 0);
    assert.equal(webAccessFormat.sniff(sample(['#Fields: date time cs-uri-stem', '2024-01-01 00:00:00 /a'])), 0);
    assert.equal(webAccessFormat.sniff(sample([])), 0);
  });
});
