import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loginClaim, throttleClaim } from '../../src/ingest/formats/login-text.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { syslogFormat } from '../../src/ingest/formats/syslog.ts';
import { genericJsonFormat } from '../../src/ingest/formats/generic-json.ts';
import { lineFormatHelpers } from '../helpers/format.ts';

/** Application messages as the CrowdSec hub's tests carry them (user names and addresses changed). */
const TOLD: ReadonlyArray<readonly [string, { outcome: string; user?: string; ip?: string; port?: number; unknownUser?: boolean }]> = [
  ["Unsuccessful 1FA authentication attempt by user 'mallory': user not found", { outcome: 'failure', user: 'mallory', unknownUser: true }],
  ['Invalid username or password', { outcome: 'failure' }],
  ['[vaultwarden::api::admin][ERROR] Invalid admin token. IP: 192.0.2.41', { outcome: 'failure', ip: '192.0.2.41' }],
  ['[vaultwarden::api::core::two_factor::authenticator][ERROR] Invalid TOTP code! Server time: 2024-03-08 04:16:33 UTC IP: 192.0.2.42', { outcome: 'failure', ip: '192.0.2.42' }],
  ['[vaultwarden::api::core::two_factor::email][ERROR] Token is invalid! IP: 192.0.2.43', { outcome: 'failure', ip: '192.0.2.43' }],
  ['Successful Login', { outcome: 'success' }],
  ['Failed authentication attempt for test from 192.0.2.1:39522: user does not exist [uid: 0, name: test, keyid: 0]', { outcome: 'failure', user: 'test', ip: '192.0.2.1', port: 39522, unknownUser: true }],
  ['Username or password is incorrect. Try again. IP: 2001:db8::b6d3:95d7:1425:766d. Username: test@example.com.', { outcome: 'failure', user: 'test@example.com', ip: '2001:db8::b6d3:95d7:1425:766d' }],
  ['[paperless.auth] Login failed for user `test6priv` from private IP `2001:db8::1`.', { outcome: 'failure', user: 'test6priv', ip: '2001:db8::1' }],
  ['Unsuccessful login attempt from 192.0.2.10 (X-Forwarded-For: 192.0.2.2, 192.0.2.3) [Mozilla/5.0]', { outcome: 'failure', ip: '192.0.2.10' }],
  ['Failed sign-in attempt using invalid Overseerr password {"ip":"::ffff:127.0.0.1","email":"fakeuser"}', { outcome: 'failure', user: 'fakeuser', ip: '127.0.0.1' }],
  ['failed to validate user credentials (invalid format) ip=10.56.3.156:28050 subsystem=sftp username=admin', { outcome: 'failure', user: 'admin', ip: '10.56.3.156', port: 28050 }],
  ['[127.0.0.1] [Login successful for user "test_user"] at /usr/share/zoneminder/www/api/app/Controller/AppController.php line 86', { outcome: 'success', user: 'test_user', ip: '127.0.0.1' }],
  ['Failed login attempt, 2FA invalid. 198.51.100.253', { outcome: 'failure', ip: '198.51.100.253' }],
  ['Bad password for dani (192.0.2.4)', { outcome: 'failure', user: 'dani', ip: '192.0.2.4' }],
  ['SoapEngine - handler exception: authentication failed for [toto.tata], account not found', { outcome: 'failure', user: 'toto.tata', unknownUser: true }],
  ['query from 11 127.0.0.1:48426 attempted to login with account "toto" and failed!', { outcome: 'failure', user: 'toto', ip: '127.0.0.1' }],
  ["/index.php: webConfigurator authentication error for user 'toto' from: 10.0.0.1", { outcome: 'failure', user: 'toto', ip: '10.0.0.1' }],
  ["/index.php: Web GUI authentication error for 'toto' from 1.2.3.4", { outcome: 'failure', user: 'toto', ip: '1.2.3.4' }],
  ["[Warn] Auth: Auth-Failure ip 1.2.3.4 username 'test'", { outcome: 'failure', user: 'test', ip: '1.2.3.4' }],
  ["[Info] Auth: Auth-Success ip 1.2.3.5 username 'test'", { outcome: 'success', user: 'test', ip: '1.2.3.5' }],
  ["sofia_reg.c:3223 SIP auth failure (REGISTER) on sofia profile 'internal' for [1001] from ip 1.2.3.4", { outcome: 'failure', user: '1001', ip: '1.2.3.4' }],
  ["successful auth for user 'root@pam'", { outcome: 'success', user: 'root@pam' }],
  ["Got error 'PHP message: user admin authentication failure for Baikal'", { outcome: 'failure', user: 'admin' }],
  ['FastCGI sent in stderr: "PHP message: Failed login for user@example.com" while reading response header', { outcome: 'failure', user: 'user@example.com' }],
  ['user admin: authentication failure for "/private": Password Mismatch', { outcome: 'failure', user: 'admin' }],
  // A path ending in `login` is no user cue, and words after a cue are not names (AdGuard Home).
  ['POST 192.0.2.2 /control/login: invalid username or password', { outcome: 'failure', ip: '192.0.2.2' }],
  ['POST 192.0.2.1 /control/login: from ip 192.0.2.3: invalid username or password', { outcome: 'failure', ip: '192.0.2.3' }],
  ['imap-login: Disconnected (auth failed, 1 attempts in 6 secs): user=<toto@example.com>, method=PLAIN, rip=192.0.2.5', { outcome: 'failure', user: 'toto@example.com', ip: '192.0.2.5' }],
  ['Failed login attempt from user with incorrect Jellyfin credentials {"account":{"ip":"::ffff:127.0.0.1","email":"fakeuser"}}', { outcome: 'failure', user: 'fakeuser', ip: '127.0.0.1' }],
];

/** Texts that mention logins or passwords without telling of an attempt that ended one way or the other. */
const NOT_TOLD: readonly string[] = [
  'footprint of the invalid cache entry',
  'OTP secret configuration invalid for tenant 4',
  'Two-factor enabled for user bob',
  "Error occurred getting details for user with username input 'fakeuser' which usually indicates they do not exist",
  'Failed to send password reset email to bob',
  'Password changed for user alice from 192.0.2.7',
  'GET /login 200 failed from 192.0.2.7',
  'login_url=/auth failed to render',
  'Connection from 192.0.2.7 failed',
  'User alice logged out from 192.0.2.7',
  'Rendering login page',
  'Exit before auth from <192.0.2.7:35928>: Bad buf_getptr',
  'auth.php failed to load',
  'oauth2 token refresh failed',
  'Loading authentication.js failed',
];

void describe('logins told in words', () => {
  for (const [text, want] of TOLD) {
    void it(`reads: ${text.slice(0, 70)}`, () => {
      const claim = loginClaim(text);
      assert.ok(claim !== undefined);
      assert.equal(claim.outcome, want.outcome);
      assert.equal(claim.user, want.user);
      assert.equal(claim.source?.ip, want.ip);
      assert.equal(claim.source?.port, want.port);
      assert.equal(claim.unknownUser, want.unknownUser ?? false);
    });
  }

  void it('reads nothing into texts that only mention logins or passwords', () => {
    for (const text of NOT_TOLD) assert.equal(loginClaim(text), undefined, text);
  });

  void it('takes no address when a text holds two without saying which is the client', () => {
    assert.equal(loginClaim('Login failed: LDAP 10.0.0.5 refused bind for 10.0.0.6')?.source, undefined);
  });

  void it('stays linear on long hostile text', () => {
    const claim = loginClaim(`login failed for user ${'a'.repeat(100_000)} from ${'1.'.repeat(50_000)}`);
    assert.equal(claim?.outcome, 'failure');
    assert.equal(claim.user, undefined);
  });

  void it('is used by plain text, by syslog programs without a decoder, and by generic JSON messages', () => {
    const plain = lineFormatHelpers(plaintextFormat).draft('2026-11-23 10:00:00: [error] App: 403: POST /api/sessions: 192.0.2.4: Invalid username or password: {"email":"u@example.com"}');
    assert.equal(plain.time, '2026-11-23 10:00:00');
    assert.deepEqual([plain.fields.event?.outcome, plain.fields.user?.name, plain.fields.source?.ip], ['failure', 'u@example.com', '192.0.2.4']);
    const syslog = lineFormatHelpers(syslogFormat).draft('Nov 23 10:00:00 nas gitea[812]: Failed authentication attempt for admin from 198.51.100.9:39522: user does not exist');
    assert.deepEqual([syslog.dataset, syslog.fields.event?.action, syslog.fields.user?.name, syslog.fields.source?.port], ['syslog', 'login', 'admin', 39522]);
    assert.equal(syslog.fields.labels?.['auth.unknown_user'], 'true');
    const json = genericJsonFormat.createParser({ fileName: 'x' }).parse({ text: '', line: 1, offset: 0, value: { message: 'Authentication failed', remote: '127.0.0.1:4071', principalName: 'root' } });
    assert.ok(json.kind === 'events');
    assert.deepEqual([json.drafts[0]?.fields.event?.outcome, json.drafts[0]?.fields.source?.ip, json.drafts[0]?.fields.user?.name], ['failure', '127.0.0.1', 'root']);
  });

  void it("takes the text's user over a record's placeholder user", () => {
    const json = genericJsonFormat.createParser({ fileName: 'x' }).parse({ text: '', line: 1, offset: 0, value: { user: '--', remoteAddr: '2001:db8::d71', message: 'Login failed: foo (Remote IP: 2001:db8::d71)' } });
    assert.ok(json.kind === 'events');
    assert.deepEqual([json.drafts[0]?.fields.user?.name, json.drafts[0]?.fields.source?.ip, json.drafts[0]?.fields.event?.outcome], ['foo', '2001:db8::d71', 'failure']);
  });

  void it("reads a record without a message by its error or reason (SFTPGo's connection_failed)", () => {
    const parse = (value: Record<string, unknown>) => {
      const out = genericJsonFormat.createParser({ fileName: 'x' }).parse({ text: '', line: 1, offset: 0, value });
      assert.ok(out.kind === 'events');
      return out.drafts[0]!.fields;
    };
    const sftpgo = parse({ sender: 'connection_failed', client_ip: '192.0.2.101', username: 'admin', login_type: 'password', protocol: 'SSH', error: 'invalid credentials' });
    assert.deepEqual([sftpgo.event?.action, sftpgo.event?.outcome, sftpgo.user?.name, sftpgo.source?.ip], ['login', 'failure', 'admin', '192.0.2.101']);
    assert.equal(parse({ user: 'bob', reason: 'Authentication failed: bad password' }).event?.outcome, 'failure');
    // A message, when there is one, is the text read: its error says nothing more.
    assert.equal(parse({ message: 'upload done', error: 'invalid credentials' }).event?.action, undefined);
    assert.equal(parse({ error: 'disk full' }).event?.action, undefined);
  });

  void it('does not override an action a record states', () => {
    const json = genericJsonFormat.createParser({ fileName: 'x' }).parse({ text: '', line: 1, offset: 0, value: { action: 'file-upload', message: 'login failed for bob from 192.0.2.1' } });
    assert.ok(json.kind === 'events');
    assert.equal(json.drafts[0]?.fields.event?.action, 'file-upload');
  });
});

describe("an application's own defence against password guessing", () => {
  const told = (text: string) => {
    const f = throttleClaim(text);
    return f === undefined ? undefined : [f.event?.action, f.event?.category, f.source?.ip, f.user?.name];
  };

  it('reads brute-force detections, rate-limited and banned sources, and too many attempts', () => {
    assert.deepEqual(told('Bruteforce attempt from "2001:db8::d72" detected for action "login".'), ['login-throttled', ['authentication', 'intrusion_detection'], '2001:db8::d72', undefined]);
    assert.deepEqual(told('[2023-03-28 03:09:25,112] WARNING in limiter: Authentication attempt from 192.0.2.7 has been rate-limited.'), ['login-throttled', ['authentication', 'intrusion_detection'], '192.0.2.7', undefined]);
    assert.deepEqual(told('[homeassistant.components.http.ban] Banned IP 192.0.2.8 for too many login attempts'), ['login-throttled', ['authentication', 'intrusion_detection'], '192.0.2.8', undefined]);
    assert.deepEqual(told("Too many failed login attempts for user 'bob' from 192.0.2.9, account locked"), ['login-throttled', ['authentication', 'intrusion_detection'], '192.0.2.9', 'bob']);
    assert.deepEqual(told('BRUTE FORCE ATTACK DETECTED'), ['login-throttled', ['authentication', 'intrusion_detection'], undefined, undefined]);
  });

  it('leaves other limits, forced actions and plain attempts alone', () => {
    for (const text of ['Request from 192.0.2.7 has been rate-limited.', 'force push rejected for refs/heads/main', 'Login attempt from 192.0.2.7 succeeded', 'Retry attempt 3 of 5 for job 12', 'too many open files']) {
      assert.equal(throttleClaim(text), undefined, text);
    }
  });

  it('makes the throttled event in place of a login claim, from every reader of told logins', () => {
    const { draft } = lineFormatHelpers(plaintextFormat);
    const fields = draft('2026-11-23 10:00:00 WARNING in limiter: Authentication attempt from 192.0.2.7 has been rate-limited.').fields;
    assert.deepEqual([fields.event?.action, fields.event?.outcome, fields.source?.ip], ['login-throttled', 'failure', '192.0.2.7']);
  });
});
