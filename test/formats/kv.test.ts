import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kvFormat } from '../../src/ingest/formats/kv.ts';
import { kvPairs } from '../../src/ingest/formats/kv/pairs.ts';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents, readAs } from '../helpers/hostile.ts';

const { draft, parse, sample } = lineFormatHelpers(kvFormat);
function detect(lines: string[]): string {
  const values = lines.every((l) => l.startsWith('{')) ? lines.map((l) => JSON.parse(l) as unknown) : [];
  return detectFormat({ ...sample(lines), values }, FORMATS, plaintextFormat).format.id;
}

void describe('kv pairs', () => {
  void it('reads bare and quoted values, with the escapes logfmt writes', () => {
    const line = kvPairs('time="2026-11-23T10:00:00Z" level=info msg="say \\"hi\\"\\tthen\\\\go" n=5 empty= last="x y"');
    assert.deepEqual(line.values, { time: '2026-11-23T10:00:00Z', level: 'info', msg: 'say "hi"\tthen\\go', n: '5', empty: '', last: 'x y' });
    assert.equal(line.count, 6);
    assert.equal(line.first, 0);
  });

  void it('reads comma-separated pairs (Keycloak, Asterisk) and marks where the prefix ends', () => {
    const keycloak = '2026-11-23 10:00:00,357 WARN [org.keycloak.events] (thread-3) type=LOGIN_ERROR, realmId=corp, ipAddress=198.51.100.7, username=ghost';
    const k = kvPairs(keycloak);
    assert.deepEqual(k.values, { type: 'LOGIN_ERROR', realmId: 'corp', ipAddress: '198.51.100.7', username: 'ghost' });
    assert.equal(keycloak.slice(0, k.first), '2026-11-23 10:00:00,357 WARN [org.keycloak.events] (thread-3) ');
    const asterisk = kvPairs('[Dec 21 12:57:01] SECURITY[77]: security_event_stasis_cb: SecurityEvent="ChallengeResponseFailed",Service="PJSIP",AccountID="6001"');
    assert.deepEqual(asterisk.values, { SecurityEvent: 'ChallengeResponseFailed', Service: 'PJSIP', AccountID: '6001' });
  });

  void it('keeps the first of repeated keys, ignores `=` inside words and URLs, and survives an unclosed quote', () => {
    assert.deepEqual(kvPairs('a=1 a=2 GET /x?b=3&c=4 d="open').values, { a: '1', d: 'open' });
    assert.deepEqual(kvPairs('no pairs here').values, {});
    assert.equal(kvPairs('no pairs here').first, 'no pairs here'.length);
  });

  void it('stores keys named like Object.prototype members as own data', () => {
    const values = kvPairs(HOSTILE_WORDS.map((w) => `${w}=x`).join(' ')).values;
    for (const word of HOSTILE_WORDS) assertOwnField(values, word, 'x');
    assert.equal(Object.getPrototypeOf(values), Object.prototype);
  });
});

void describe('kv format', () => {
  void it('is chosen for logfmt files, but not for prose with an `=`, JSON lines or syslog files with key=value messages', () => {
    assert.equal(detect(['time="2026-11-23T10:00:00Z" level=info msg="started" port=8080', 'time="2026-11-23T10:00:01Z" level=warn msg="slow" ms=900']), 'kv');
    assert.equal(detect(['2026-11-23 10:00:00 set x=1 then retried', '2026-11-23 10:00:01 done']), 'plaintext');
    assert.equal(detect(['{"a":"b=1 c=2 d=3"}', '{"a":"e=1 f=2 g=3"}']), 'generic-json');
    assert.equal(detect(['Nov 23 10:00:00 host app[1]: user=a src=1.2.3.4 action=x', 'Nov 23 10:00:01 host app[1]: user=b src=1.2.3.5 action=y']), 'syslog');
  });

  void it('takes the time from a time key, else from the prefix; the message from msg, else the line', () => {
    assert.equal(draft('ts=2026-11-23T10:00:00Z level=info msg="up" a=1').time, '2026-11-23T10:00:00Z');
    const prefixed = draft('2026-11-23T10:00:01.5+01:00: authentication failure; rhost=[::ffff:31.54.38.23]:47414 user=root@pbs msg=user account disabled');
    assert.equal(prefixed.time, '2026-11-23T10:00:01.5+01:00');
    assert.equal(prefixed.fields.message, 'user');
    const bare = draft('2026-11-23T10:00:02Z ACCEPT host=example.org port=39590 fd=4');
    assert.equal(bare.fields.message, '2026-11-23T10:00:02Z ACCEPT host=example.org port=39590 fd=4');
  });

  void it('makes a login told anywhere in the line a login attempt, with the user and client its pairs give', () => {
    const d = draft('2026-11-23T10:00:01+01:00: authentication failure; rhost=[::ffff:31.54.38.23]:47414 user=root@pbs msg=user account disabled');
    assert.deepEqual(d.fields.event, { category: ['authentication'], type: ['start'], action: 'login', outcome: 'failure' });
    assert.equal(d.fields.source?.ip, '31.54.38.23');
    assert.equal(d.fields.user?.name, 'root@pbs');
    const ok = draft('logger=http.server t=2026-11-23T08:01:09Z level=info msg="Successful Login" User=admin@localhost');
    assert.equal(ok.fields.event?.outcome, 'success');
    assert.equal(ok.fields.user?.name, 'admin@localhost');
  });

  void it('leaves a JSON line to the generic JSON format and keeps lines without pairs', async () => {
    assert.equal(parse('{"msg":"x"}').kind, 'error');
    const text = 'time=2026-11-23T10:00:00Z level=info msg="a" x=1\n{"msg":"Login failed for user bob","ip":"192.0.2.5"}\n2026-11-23T10:00:02Z Port 22\n';
    const { events, errors } = await readAs('kv', text);
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => e.vigil.format), ['kv', 'generic-json', 'kv']);
    assert.equal(events[1]?.event.outcome, 'failure');
    assert.equal(events[2]?.['@timestamp'], '2026-11-23T10:00:02.000Z');
  });

  void it('reads hostile keys and values without pollution', async () => {
    const line = `${HOSTILE_WORDS.map((w) => `${w}="${w}"`).join(' ')} msg="<script>alert(1)</script> login failed for user \\"__proto__\\" from 203.0.113.9"`;
    const [event] = await hostileEvents('kv', line, 1);
    assert.equal(event?.event.action, 'login');
    assert.equal(event?.user?.name, '__proto__');
    assert.equal(event?.source?.ip, '203.0.113.9');
  });
});
