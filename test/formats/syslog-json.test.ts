import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

/** Syslog lines whose message is one JSON object (pino, hapi, OpenSearch Dashboards, containers). */

const OSD = '{"type":"response","@timestamp":"2025-01-22T12:09:20Z","pid":9400,"method":"post","statusCode":401,"req":{"url":"/auth/login?next=%2F","method":"post","headers":{"user-agent":"Mozilla/5.0"},"remoteAddress":"192.0.2.1","remotePort":50412,"referer":"https://osd.example.org/app/login"},"res":{"statusCode":401,"responseTime":333,"contentLength":9},"message":"POST /auth/login 401 333ms - 9.0B"}';

void describe('JSON messages in syslog', () => {
  void it("reads the record through the alias table, keeping the header's time, host and program", async () => {
    const [e] = await hostileEvents('syslog', `2025-01-22T13:09:20.606136+01:00 osd-1 opensearch-dashboards[9400]: ${OSD}\n`, 1);
    assert.ok(e !== undefined);
    assert.deepEqual([e['@timestamp'], e.host?.name, e.process?.name, e.process?.pid, e.event.dataset], ['2025-01-22T12:09:20.606Z', 'osd-1', 'opensearch-dashboards', 9400, 'syslog']);
    assert.deepEqual([e.event.action, e.event.outcome, e.source?.ip, e.source?.port, e.url?.path, e.http?.request?.method, e.http?.response?.status_code, e.user_agent?.original], ['http-request', 'failure', '192.0.2.1', 50412, '/auth/login', 'POST', 401, 'Mozilla/5.0']);
    assert.equal(e.message, 'POST /auth/login 401 333ms - 9.0B');
    assert.equal(e.event.original?.includes('"remoteAddress":"192.0.2.1"'), true);
  });

  void it("applies the user's field mapping to the record, as it does to JSON files", async () => {
    const line = 'Nov 23 08:00:00 web app[1]: {"who":"alice","peer":"203.0.113.44","msg":"signed in"}\n';
    const [unmapped] = await hostileEvents('syslog', line, 1);
    const [mapped] = await hostileEvents('syslog', line, 1, { who: 'user.name', peer: 'source.ip' });
    assert.deepEqual([unmapped?.user?.name, unmapped?.source?.ip], [undefined, undefined], 'no alias knows these keys');
    assert.deepEqual([mapped?.user?.name, mapped?.source?.ip], ['alice', '203.0.113.44']);
  });

  void it('leaves messages that only look like JSON, and JSON that is not an object, as text', async () => {
    const lines = ['{broken json}', '{"a":1} trailing', '[1,2,3]', '{}'];
    const events = await hostileEvents('syslog', lines.map((m, i) => `Nov 23 08:00:0${i} web app[1]: ${m}`).join('\n') + '\n', 4);
    assert.deepEqual(events.map((e) => e.message), ['{broken json}', '{"a":1} trailing', '[1,2,3]', '{}']);
    assert.deepEqual(events.map((e) => e.event.action), [undefined, undefined, undefined, undefined]);
  });

  void it('reads a program decoder\'s messages first, and its JSON messages when it has nothing to say', async () => {
    const [ssh, json] = await hostileEvents('syslog', [
      'Nov 23 08:00:00 bastion sshd[1]: Failed password for root from 203.0.113.5 port 4000 ssh2',
      'Nov 23 08:00:01 bastion sshd[1]: {"msg":"login failed","user":"bob","remote_ip":"203.0.113.6"}',
      '',
    ].join('\n'), 2);
    assert.deepEqual([ssh?.event.outcome, ssh?.source?.ip], ['failure', '203.0.113.5']);
    assert.deepEqual([json?.event.dataset, json?.user?.name, json?.source?.ip, json?.message], ['sshd', 'bob', '203.0.113.6', 'login failed']);
  });

  void it('keeps hostile keys of the record as own labels', async () => {
    const record = HOSTILE_WORDS.map((w) => `"${w}":"x"`).join(',');
    const [e] = await hostileEvents('syslog', `Nov 23 08:00:00 web app[1]: {${record},"msg":"<script>alert(1)</script>"}\n`, 1);
    // As in a JSON file of its own: `__proto__` is the alias `proto` (the network protocol), the others stay labels.
    assert.equal(e!.network?.protocol, 'x');
    for (const word of HOSTILE_WORDS.filter((w) => w !== '__proto__')) assertOwnField(e!.labels, word, 'x');
    assert.equal(e!.message, '<script>alert(1)</script>');
  });
});
