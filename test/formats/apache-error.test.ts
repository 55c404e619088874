import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apacheErrorFormat } from '../../src/ingest/formats/apache-error.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertNoPollution, assertOwnField, assertSoundEvent, hostileEvents, readAs } from '../helpers/hostile.ts';

const { parse, draft, sample } = lineFormatHelpers(apacheErrorFormat);

void describe('apache-error: Apache 2.2', () => {
  void it('reads level, client and message; the time text is kept as found', () => {
    const d = draft('[Sun Dec 04 04:51:18 2005] [error] [client 192.0.2.7] File does not exist: /var/www/x');
    assert.equal(d.time, 'Sun Dec 04 04:51:18 2005');
    assert.equal(d.dataset, 'apache.error');
    assert.deepEqual(d.fields.source, { ip: '192.0.2.7' });
    assert.equal(d.fields.message, 'File does not exist: /var/www/x');
    assert.deepEqual(d.fields.event, { category: ['web'], type: ['error'], severity: 3 });
    assert.deepEqual(d.fields.labels, { level: 'error' });
  });

  void it('reads lines without a client and splits off the referer', () => {
    assert.equal(draft('[Sun Dec 04 04:47:44 2005] [notice] jk2_init() Found child 6725').fields.source, undefined);
    const d = draft('[Sun Dec 04 04:52:00 2005] [error] [client 192.0.2.7] script not found, referer: http://example.com/a');
    assert.equal(d.fields.message, 'script not found');
    assert.equal(d.fields.http?.request?.referrer, 'http://example.com/a');
  });

  void it('reads an IPv6 client without a port', () => {
    assert.deepEqual(draft('[Sun Dec 04 04:51:18 2005] [error] [client 2001:db8::1:80] x').fields.source, { ip: '2001:db8::1:80' });
  });

  void it('recognises basic-auth failures', () => {
    const d = draft('[Sun Dec 04 05:00:01 2005] [error] [client 192.0.2.7] user admin: authentication failure for "/": Password Mismatch');
    assert.deepEqual(d.fields.user, { name: 'admin' });
    assert.equal(d.fields.event?.action, 'http-auth-failed');
    assert.equal(d.fields.event?.outcome, 'failure');
    assert.deepEqual(d.fields.event?.category, ['web', 'authentication']);
  });
});

void describe('apache-error: logins that applications tell through the error log', () => {
  void it('reads a PHP application\'s failed login with the client of the line', () => {
    const apache = draft("[Wed Jul 05 09:19:24.428126 2023] [proxy_fcgi:error] [pid 1178526:tid 139729482307328] [client 192.0.2.97:55309] AH01071: Got error 'PHP message: user admin authentication failure for Baikal', referer: https://dav.example.com/admin/");
    assert.deepEqual([apache.fields.event?.action, apache.fields.event?.outcome, apache.fields.user?.name, apache.fields.source?.ip], ['login', 'failure', 'admin', '192.0.2.97']);
    assert.equal(apache.fields.event?.code, 'AH01071');
    const nginx = draft('2023/09/23 09:58:51 [error] 298#298: *1093 FastCGI sent in stderr: "PHP message: Failed login for user@example.com" while reading response header from upstream, client: 198.51.100.4, server: _, request: "POST /login HTTP/1.1", host: "wiki.example.com"');
    assert.deepEqual([nginx.fields.event?.action, nginx.fields.event?.outcome, nginx.fields.user?.name, nginx.fields.source?.ip], ['login', 'failure', 'user@example.com', '198.51.100.4']);
  });

  void it("reads nginx's mail proxy logins, failed and succeeded, with the login the context names", () => {
    const failed = draft('2022/04/02 13:39:51 [info] 8#8: *6631 client login failed: "AUTH not supported" while in http auth state, client: 203.0.113.182, server: 0.0.0.0:25, login: "bob@example.com"');
    assert.deepEqual([failed.fields.event?.outcome, failed.fields.user?.name, failed.fields.source?.ip], ['failure', 'bob@example.com', '203.0.113.182']);
    const ok = draft('2022/04/05 13:25:31 [info] 8#8: *24790 client logged in, client: 203.0.113.144, server: 0.0.0.0:11587, login: "admin@example.com", upstream: 192.0.2.9:10025');
    assert.deepEqual([ok.fields.event?.action, ok.fields.event?.outcome, ok.fields.user?.name], ['login', 'success', 'admin@example.com']);
  });

  void it('leaves other errors alone', () => {
    const d = draft('2023/09/23 09:58:51 [error] 298#298: *1 open() "/var/www/login.php" failed (2: No such file or directory), client: 198.51.100.4, server: _');
    assert.equal(d.fields.event?.action, undefined);
  });
});

void describe('apache-error: Apache 2.4', () => {
  void it('reads module, pid, tid, client ip:port and the AH code', () => {
    const d = draft('[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1234:tid 5678] [client 192.0.2.4:5678] AH00124: Request exceeded the limit');
    assert.equal(d.time, 'Wed Oct 11 14:32:52.123456 2000');
    assert.deepEqual(d.fields.source, { ip: '192.0.2.4', port: 5678 });
    assert.deepEqual(d.fields.process, { pid: 1234 });
    assert.equal(d.fields.event?.code, 'AH00124');
    assert.equal(d.fields.message, 'Request exceeded the limit');
    assert.deepEqual(d.fields.labels, { level: 'error', module: 'core', tid: '5678' });
  });

  void it('reads an APR error before the client, and an IPv6 client with its port', () => {
    const d = draft('[Wed Apr 16 16:09:40.056610 2025] [ssl:info] [pid 7:tid 7] (70014)End of file found: [client 2001:db8::7:51512] AH02006: SSL handshake stopped');
    assert.deepEqual(d.fields.source, { ip: '2001:db8::7', port: 51512 });
    assert.equal(d.fields.labels?.error, '(70014)End of file found');
    assert.equal(d.fields.event?.code, 'AH02006');
    assert.equal(d.fields.event?.severity, 6);
    assert.equal(d.fields.message, 'SSL handshake stopped');
  });

  void it('splits the port off an IPv6 client that would be a valid address on its own', () => {
    assert.deepEqual(draft('[Wed Oct 11 14:32:52.1 2000] [core:error] [client ::1:4000] x').fields.source, { ip: '::1', port: 4000 });
  });

  void it('reads an empty module (`[:error]`) and a pid without tid', () => {
    const d = draft('[Wed Oct 11 14:32:52.123456 2000] [:error] [pid 3301] [client 192.0.2.4:41000] PHP Warning:  x');
    assert.deepEqual(d.fields.process, { pid: 3301 });
    assert.deepEqual(d.fields.labels, { level: 'error' });
    assert.equal(d.fields.message, 'PHP Warning:  x');
  });

  void it('keeps the first client when mod_security repeats it without the port', () => {
    const d = draft('[Thu Sep 30 13:27:06.009964 2021] [:error] [pid 2560:tid 1] [client ::1:37752] [client ::1] ModSecurity: Warning. [id "930100"]');
    assert.deepEqual(d.fields.source, { ip: '::1', port: 37752 });
    assert.equal(d.fields.message, 'ModSecurity: Warning. [id "930100"]');
  });

  void it('recognises AH01618 (unknown user) as an auth failure', () => {
    const d = draft('[Thu Oct 13 12:24:49.880562 2022] [auth_basic:error] [pid 10:tid 1] [client 192.0.2.4:50229] AH01618: user sss not found: /');
    assert.equal(d.fields.user?.name, 'sss');
    assert.equal(d.fields.event?.action, 'http-auth-failed');
    assert.equal(d.fields.event?.code, 'AH01618');
    // The path asked for is the request's URL; so is 2.2's quoted one, even cut short.
    assert.deepEqual(d.fields.url, { original: '/', path: '/' });
    const v22 = draft('[Sun Dec 04 04:52:00 2005] [error] [client 192.0.2.7] user bob: authentication failure for "/admin/x?y=1": Password Mismatch');
    assert.deepEqual([v22.fields.user?.name, v22.fields.url?.path, v22.fields.url?.query], ['bob', '/admin/x', 'y=1']);
    assert.equal(draft('[Sun Dec 04 04:52:00 2005] [error] [client 192.0.2.7] user bob: authentication failure for "/adm').fields.url?.path, '/adm');
  });

  void it('maps every level to a syslog severity and rejects unknown levels', () => {
    const levels: [string, number][] = [
      ['emerg', 0], ['alert', 1], ['crit', 2], ['error', 3], ['warn', 4], ['notice', 5], ['info', 6], ['debug', 7], ['trace5', 7],
    ];
    for (const [level, severity] of levels) {
      assert.equal(draft(`[Wed Oct 11 14:32:52 2000] [core:${level}] x`).fields.event?.severity, severity, level);
    }
    assert.equal(parse('[Wed Oct 11 14:32:52 2000] [core:bogus] x').kind, 'error');
    assert.equal(parse('[Wed Oct 11 14:32:52 2000] [constructor] x').kind, 'error');
  });
});

void describe('apache-error: nginx', () => {
  const line =
    '2024/01/02 03:04:05 [error] 1234#0: *5 open() "/srv/.env" failed (2: No such file or directory), client: 192.0.2.9, ' +
    'server: www.example.org, request: "GET /.env?a=1 HTTP/1.1", host: "www.example.org:8443", referrer: "https://x.example/"';

  void it('reads the context and converts the date to ISO text', () => {
    const d = draft(line);
    assert.equal(d.time, '2024-01-02T03:04:05');
    assert.equal(d.dataset, 'nginx.error');
    assert.equal(d.fields.message, 'open() "/srv/.env" failed (2: No such file or directory)');
    assert.deepEqual(d.fields.source, { ip: '192.0.2.9' });
    assert.deepEqual(d.fields.process, { pid: 1234 });
    assert.deepEqual(d.fields.url, { original: '/.env?a=1', path: '/.env', query: 'a=1', domain: 'www.example.org' });
    assert.deepEqual(d.fields.http, { version: '1.1', request: { method: 'GET', referrer: 'https://x.example/' } });
    assert.deepEqual(d.fields.labels, { server: 'www.example.org', level: 'error', tid: '0', connection: '5' });
    assert.deepEqual(d.fields.event, { category: ['web'], type: ['error'], severity: 3 });
  });

  void it('does not let a ", client: " inside the message or request inject fields', () => {
    const d = draft(
      '2024/01/02 03:04:05 [error] 1#0: *1 open() "/x, client: 6.6.6.6, server: evil" failed (2: No such file), ' +
        'client: 192.0.2.9, server: s, request: "GET /x, client: 6.6.6.6 HTTP/1.1", host: "h"',
    );
    assert.deepEqual(d.fields.source, { ip: '192.0.2.9' });
    assert.equal(d.fields.message, 'open() "/x, client: 6.6.6.6, server: evil" failed (2: No such file)');
    assert.equal(d.fields.url?.original, '/x, client: 6.6.6.6');
    assert.equal(d.fields.labels?.server, 's');
  });

  void it('reads lines without context, an empty server, IPv6 clients and auth failures', () => {
    const bare = draft('2024/01/02 03:07:00 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)');
    assert.equal(bare.fields.message, 'bind() to 0.0.0.0:80 failed (98: Address already in use)');
    assert.equal(bare.fields.event?.severity, 0);
    assert.equal(bare.fields.source, undefined);
    const auth = draft('2022/01/24 16:33:06 [error] 334#334: *338 user "toto": password mismatch, client: ::1, server: , request: "GET / HTTP/1.1", host: "h"');
    assert.deepEqual(auth.fields.source, { ip: '::1' });
    assert.equal(auth.fields.labels?.server, undefined);
    assert.equal(auth.fields.user?.name, 'toto');
    assert.equal(auth.fields.event?.action, 'http-auth-failed');
  });

  void it('reads the mail proxy login and a client followed by words', () => {
    const d = draft('2023/04/05 21:00:42 [info] 126#126: *175063 client login failed: "bad" while in http auth state, client: 192.0.2.3 using starttls, server: 0.0.0.0:587, login: "postmaster"');
    assert.deepEqual(d.fields.source, { ip: '192.0.2.3' });
    assert.equal(d.fields.user?.name, 'postmaster');
  });

  void it('keeps a malformed request line as a label', () => {
    const d = draft('2024/01/02 03:04:05 [info] 1#0: *1 client sent invalid method, client: 192.0.2.9, server: s, request: "\\x16\\x03\\x01"');
    assert.equal(d.fields.labels?.request, '\\x16\\x03\\x01');
    assert.equal(d.fields.http, undefined);
  });
});

void describe('apache-error: rejects and sniffing', () => {
  void it('rejects other lines and never throws on random input', () => {
    for (const text of ['', 'x', '[x] [error] y', '192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1', '2024/01/02 garbage']) {
      assert.equal(parse(text).kind, 'error', text);
    }
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ' ,:"[]#*()\\client: server: request: 0123456789abc';
    for (let i = 0; i < 2000; i++) {
      let text = ['2024/01/02 03:04:05 [error] 1#0: ', '[Wed Oct 11 14:32:52 2000] [core:error] ', ''][i % 3] ?? '';
      const length = Math.floor(rand() * 150);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(rand() * alphabet.length)] ?? '';
      assert.doesNotThrow(() => parse(text));
      assert.doesNotThrow(() => apacheErrorFormat.sniff(sample([text])));
    }
  });

  void it('sniffs Apache and nginx error logs, not access logs or syslog', () => {
    const lines = [
      '[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties',
      '[Wed Oct 11 14:32:52.123456 2000] [core:error] [pid 1] [client 192.0.2.4:5678] AH00124: x',
      '2024/01/02 03:04:05 [error] 1#0: *5 x, client: 192.0.2.1, server: s',
    ];
    assert.equal(apacheErrorFormat.sniff(sample(lines)), 1);
    assert.equal(apacheErrorFormat.sniff(sample(['192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1'])), 0);
    assert.equal(apacheErrorFormat.sniff(sample(['Oct 10 13:55:36 host sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2'])), 0);
  });
});

void describe('apache-error: keys and values named like Object.prototype members', () => {
  void it('reads them as module, user, message and nginx context values', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [
        `[Wed Oct 11 14:32:52.123456 2000] [${w}:error] [pid 1:tid 2] [client 203.0.113.9:5] AH01617: user ${w}: authentication failure for "/${w}": Password Mismatch`,
        `2024/01/15 10:00:00 [error] 1#2: *3 open() "/${w}" failed, client: 203.0.113.10, server: ${w}, request: "GET /${w} HTTP/1.1", host: "h"`,
      ];
      const [apache, nginx] = await hostileEvents('apache-error', lines.join('\n'), 2);
      assert.equal(apache?.user?.name, w);
      assert.equal(apache?.event.outcome, 'failure');
      assertOwnField(apache?.labels, 'module', w);
      assert.equal(nginx?.source?.ip, '203.0.113.10');
      assert.equal(nginx?.url?.path, `/${w}`);
      assertOwnField(nginx?.labels, 'server', w);
    }
  });

  void it('rejects a log level named like one as a counted error, never a severity', async () => {
    for (const w of HOSTILE_WORDS) {
      const lines = [`[Wed Oct 11 14:32:52 2000] [${w}] [client 203.0.113.9] x`, `2024/01/15 10:00:00 [${w}] 1#2: x`];
      const { events, errors } = await readAs('apache-error', lines.join('\n'));
      assert.deepEqual(errors.map((error) => error.line), [1, 2]);
      for (const error of errors) assert.match(error.reason, /^apache-error: /);
      assert.deepEqual(events.map((event) => event.vigil.format), ['plaintext', 'plaintext']);
      for (const event of events) assertSoundEvent(event);
      assertNoPollution();
    }
  });
});
