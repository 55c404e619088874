import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { fail2banFormat } from '../../src/ingest/formats/service-logs/fail2ban.ts';
import { decodeFail2ban } from '../../src/ingest/formats/services/fail2ban.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { hostileEvents, readAs } from '../helpers/hostile.ts';

const { sample } = lineFormatHelpers(fail2banFormat);
const summary = (message: string) => {
  const f = decodeFail2ban(message);
  return [f?.event?.action, f?.event?.type, f?.source?.ip, f?.rule?.name, f?.process?.pid, f?.labels?.['fail2ban.restored']];
};

void describe('fail2ban', () => {
  void it('reads failures found, bans (restored and repeated) and unbans with the jail and the address', () => {
    assert.deepEqual(summary('fail2ban.filter         [7931]: INFO    [sshd] Found 192.0.2.1 - 2026-11-23 10:00:00'), ['fail2ban-match', ['info'], '192.0.2.1', 'sshd', 7931, undefined]);
    assert.deepEqual(summary('fail2ban.actions        [7931]: NOTICE  [sshd] Ban 192.0.2.1'), ['ip-banned', ['denied'], '192.0.2.1', 'sshd', 7931, undefined]);
    assert.deepEqual(summary('fail2ban.actions        [7931]: NOTICE  [recidive] Restore Ban 2001:db8::1'), ['ip-banned', ['denied'], '2001:db8::1', 'recidive', 7931, 'true']);
    assert.deepEqual(summary('fail2ban.actions        [7931]: NOTICE  [sshd] 192.0.2.1 already banned'), ['ip-already-banned', ['denied'], '192.0.2.1', 'sshd', 7931, undefined]);
    assert.deepEqual(summary('fail2ban.actions        [7931]: NOTICE  [sshd] Unban 192.0.2.1'), ['ip-unbanned', ['allowed'], '192.0.2.1', 'sshd', 7931, undefined]);
    assert.deepEqual(summary('NOTICE [sshd] Ban 999.1.1.1'), [undefined, undefined, undefined, undefined, undefined, undefined]);
    assert.equal(decodeFail2ban('fail2ban.server         [7931]: INFO    Starting Fail2ban v1.0.2')?.labels?.['fail2ban.logger'], 'fail2ban.server');
  });

  void it('reads the same lines through syslog and journald program names', async () => {
    const { events, errors } = await readAs('syslog', ['Nov 23 10:00:00 gw fail2ban.actions[7931]: NOTICE [sshd] Ban 192.0.2.2', 'Nov 23 10:00:01 gw fail2ban-server[7931]: fail2ban.actions [7931]: NOTICE [nginx-http-auth] Ban 192.0.2.3', ''].join('\n'));
    assert.deepEqual(errors, []);
    assert.deepEqual(events.map((e) => [e.event.dataset, e.event.action, e.source?.ip, e.rule?.name]), [['fail2ban', 'ip-banned', '192.0.2.2', 'sshd'], ['fail2ban', 'ip-banned', '192.0.2.3', 'nginx-http-auth']]);
  });

  void it('is told from other Python logs by its logger names, and survives hostile lines', async () => {
    assert.equal(detectFormat(sample(['2026-11-23 10:00:00,101 fail2ban.server         [7931]: INFO    Starting Fail2ban v1.0.2']), FORMATS, plaintextFormat).format.id, 'fail2ban');
    const hostile = [`2026-11-23 10:00:00,101 fail2ban.actions [1]: NOTICE [${'['.repeat(200)}] Ban 192.0.2.1`, `2026-11-23 10:00:01,101 fail2ban.actions [1]: NOTICE [sshd] Ban <img src=x onerror=alert(1)>${' '.repeat(5000)}`, ''].join('\n');
    await hostileEvents('fail2ban', hostile, 2);
  });
});
