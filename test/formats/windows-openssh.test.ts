import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, selected } from '../detect/mapping/helpers.ts';

/** OpenSSH for Windows: sshd's lines as OpenSSH/Operational events, read as sshd lines. */

function event(id: number, second: number, process: string, payload: string): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="OpenSSH"/><EventID>${String(id)}</EventID><Level>4</Level><TimeCreated SystemTime="2024-11-23T10:00:${String(second).padStart(2, '0')}.000000Z"/><EventRecordID>${String(second)}</EventRecordID><Channel>OpenSSH/Operational</Channel><Computer>WIN-SSH01</Computer></System><EventData><Data Name="process">${process}</Data><Data Name="payload">${payload}</Data></EventData></Event>`;
}

void describe('OpenSSH for Windows', () => {
  void it("reads sshd's payloads as SSH logins: user, client, outcome; other lines stay as they are", async () => {
    const xml = [
      event(4, 1, 'sshd', 'Failed password for invalid user admin from 203.0.113.5 port 50000 ssh2'),
      event(4, 2, 'sshd', 'Accepted publickey for bob from 198.51.100.7 port 50001 ssh2: ED25519 SHA256:abc'),
      event(4, 3, 'sshd', 'Server listening on :: port 22.'),
      event(4, 4, 'ssh-agent', 'Failed password for root from 203.0.113.6 port 1 ssh2'),
    ].join('\n');
    const events = await eventsOf('openssh.xml', `${xml}\n`);
    assert.deepEqual(
      events.map((e) => [e.event.dataset, e.event.action, e.event.outcome, e.user?.name, e.source?.ip, e.source?.port]),
      [
        ['windows.openssh/operational', 'ssh-login', 'failure', 'admin', '203.0.113.5', 50000],
        ['windows.openssh/operational', 'ssh-login', 'success', 'bob', '198.51.100.7', 50001],
        ['windows.openssh/operational', undefined, undefined, undefined, undefined, undefined],
        ['windows.openssh/operational', undefined, undefined, undefined, undefined, undefined],
      ],
    );
    assert.equal(events[0] !== undefined && selected(events[0], { product: 'windows', service: 'openssh' }), true);
    assert.equal(events[0]?.winlog?.event_data?.payload, 'Failed password for invalid user admin from 203.0.113.5 port 50000 ssh2', 'the payload stays for Sigma');
  });
});
