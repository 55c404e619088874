import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { cowrieFormat } from '../../src/ingest/formats/service-logs/cowrie.ts';
import { decodeCowrie } from '../../src/ingest/formats/services/cowrie.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { eventsOf, line } from '../detect/mapping/helpers.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { hostileEvents, readAs } from '../helpers/hostile.ts';

const { sample } = lineFormatHelpers(cowrieFormat);
const T = '[HoneyPotSSHTransport,0,203.0.113.9]';

void describe('Cowrie honeypot', () => {
  void it("names the attacker of every line from the Twisted system, and both ends of a new connection", () => {
    const connection = decodeCowrie('[cowrie.ssh.factory.CowrieSSHFactory] New connection: 203.0.113.9:47630 (10.0.0.9:2222) [session: 3e5a]');
    assert.deepEqual([connection?.event?.action, connection?.source, connection?.destination, connection?.network?.protocol, connection?.labels?.['cowrie.session']], ['honeypot-connection', { ip: '203.0.113.9', port: 47630 }, { ip: '10.0.0.9', port: 2222 }, 'ssh', '3e5a']);
    const telnet = decodeCowrie('[CowrieTelnetTransport,3,2001:db8::7] login attempt [admin/1234] failed');
    assert.deepEqual([telnet?.event?.action, telnet?.event?.outcome, telnet?.user?.name, telnet?.source?.ip, telnet?.network?.protocol, telnet?.labels?.['cowrie.password']], ['login', 'failure', 'admin', '2001:db8::7', 'telnet', '1234']);
  });

  void it('reads login attempts in Python 3 bytes form, commands, downloads, client versions and closed connections', () => {
    const summary = (text: string) => {
      const f = decodeCowrie(`${T} ${text}`);
      return [f?.event?.action, f?.event?.outcome, f?.user?.name, f?.source?.ip, f?.process?.command_line, f?.url?.original];
    };
    assert.deepEqual(summary("login attempt [b'root'/b'pa/ss] x'] succeeded"), ['login', 'success', 'root', '203.0.113.9', undefined, undefined]);
    assert.equal(decodeCowrie(`${T} login attempt [b'root'/b'pa/ss] x'] succeeded`)?.labels?.['cowrie.password'], "pa/ss] x");
    assert.deepEqual(summary('CMD: cat /proc/cpuinfo | grep name'), ['honeypot-command', undefined, undefined, '203.0.113.9', 'cat /proc/cpuinfo | grep name', undefined]);
    assert.deepEqual(summary(`Downloaded URL (http://198.51.100.66/x.sh) with SHA-256 ${'a'.repeat(64)} to var/lib/cowrie/downloads/${'a'.repeat(64)}`), ['honeypot-file-download', undefined, undefined, '203.0.113.9', undefined, 'http://198.51.100.66/x.sh']);
    assert.deepEqual(summary('Remote SSH version: SSH-2.0-libssh_0.9.6'), ['honeypot-client-version', undefined, undefined, '203.0.113.9', undefined, undefined]);
    assert.deepEqual(summary('Connection lost after 12 seconds'), ['honeypot-connection-closed', undefined, undefined, '203.0.113.9', undefined, undefined]);
    assert.equal(decodeCowrie('no system here'), undefined);
  });

  void it('reads the same lines through syslog under the cowrie program, and its JSON log into the same events', async () => {
    const { events, errors } = await readAs('syslog', `Dec  8 06:28:44 hp cowrie[2806]: 2020-12-08T06:28:44+0000 ${T} login attempt [b'root'/b'x'] failed\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual([events[0]?.event.dataset, events[0]?.event.action, events[0]?.event.outcome, events[0]?.user?.name, events[0]?.source?.ip], ['cowrie', 'login', 'failure', 'root', '203.0.113.9']);
    const json = await eventsOf('cowrie.json', [
      line({ eventid: 'cowrie.login.failed', username: 'root', password: 'x', message: 'login attempt [root/x] failed', timestamp: '2020-12-08T06:28:44.000000Z', src_ip: '203.0.113.9', session: 's' }),
      line({ eventid: 'cowrie.command.input', input: 'id', timestamp: '2020-12-08T06:28:45.000000Z', src_ip: '203.0.113.9', session: 's' }),
    ].join(''));
    assert.deepEqual(json.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.process?.command_line]), [
      ['cowrie-json', 'cowrie', 'login', 'failure', 'root', '203.0.113.9', undefined],
      ['cowrie-json', 'cowrie', 'honeypot-command', undefined, undefined, '203.0.113.9', 'id'],
    ]);
  });

  void it('is told from other timestamped text by its Twisted systems, and survives hostile lines', async () => {
    const lines = [`2024-11-23T08:00:02.300000Z ${T} login attempt [b'root'/b'123456'] failed`, '2024-11-23T08:00:03.000000Z [-] Ready to accept SSH connections'];
    assert.equal(detectFormat(sample(lines), FORMATS, plaintextFormat).format.id, 'cowrie');
    assert.notEqual(detectFormat(sample(['2024-11-23T08:00:03.000000Z [-] Ready', '2024-11-23T08:00:03.000000Z [main] started']), FORMATS, plaintextFormat).format.id, 'cowrie');
    const hostile = [lines[0]!, `2024-11-23T08:00:04Z ${T} CMD: ${'<script>'.repeat(1000)}`, `2024-11-23T08:00:05Z [${'['.repeat(600)}] login attempt [b'${"'".repeat(500)}/b''] failed`, ''].join('\n');
    const events = await hostileEvents('cowrie', hostile, 3);
    assert.equal(events[1]?.process?.command_line?.length, 8000);
  });
});
