import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWireGuard } from '../../src/ingest/formats/syslog/wireguard.ts';
import { readAs } from '../helpers/hostile.ts';

void describe('WireGuard kernel messages', () => {
  void it('reads failed handshakes as failed logins of an unknown peer, in kernel syslog lines with dataset wireguard', async () => {
    const { events, errors } = await readAs('syslog', [
      'Jun 20 08:42:20 gw kernel: [82508.102168] wireguard: wg1: Invalid handshake initiation from 192.0.2.30:51820',
      'Jun 20 08:42:21 gw kernel: wireguard: wg1: Invalid MAC of handshake, dropping packet from [2001:db8::30]:40000',
      'Jun 20 08:42:22 gw kernel: [82509.1] eth0: link up',
      '',
    ].join('\n'));
    assert.deepEqual(errors, []);
    const got = events.map((e) => [e.event.dataset, e.event.action, e.event.outcome, e.event.reason, e.source?.ip, e.source?.port, e.network?.interface?.in, e.labels?.['auth.unknown_user']]);
    assert.deepEqual(got, [
      ['wireguard', 'login', 'failure', 'invalid handshake initiation', '192.0.2.30', 51820, 'wg1', 'true'],
      ['wireguard', 'login', 'failure', 'invalid MAC of handshake', '2001:db8::30', 40000, 'wg1', 'true'],
      ['syslog', undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ]);
  });

  void it("reads a known peer's packet from outside its allowed IPs as refused traffic, not a login", () => {
    const f = parseWireGuard('wireguard: wg0: Packet has unallowed src IP (10.0.0.3) from peer 1 (192.0.2.2:51820)');
    assert.deepEqual([f?.event?.action, f?.event?.type, f?.event?.outcome, f?.source, f?.labels], ['wireguard-unallowed-source', ['denied'], 'failure', { ip: '192.0.2.2', port: 51820 }, { 'wireguard.peer': '1', 'wireguard.inner_source_ip': '10.0.0.3' }]);
  });

  void it('puts the peer on the side it is on: the source of what is received, the destination of what is sent', () => {
    const received = parseWireGuard('wireguard: wg0: Receiving handshake initiation from peer 3 (198.51.100.4:51820)');
    assert.deepEqual([received?.event?.action, received?.source?.ip, received?.destination, received?.network?.interface], ['wireguard-receiving-handshake-initiation', '198.51.100.4', undefined, { in: 'wg0' }]);
    const gaveUp = parseWireGuard('wireguard: wg0: Handshake for peer 3 (198.51.100.4:51820) did not complete after 5 attempts, giving up');
    assert.deepEqual([gaveUp?.event?.action, gaveUp?.event?.outcome, gaveUp?.source, gaveUp?.destination?.ip, gaveUp?.labels?.['wireguard.attempts']], ['wireguard-handshake-timeout', 'failure', undefined, '198.51.100.4', '5']);
    const sent = parseWireGuard('wireguard: wg0: Sending handshake initiation to peer 3 (198.51.100.4:51820)');
    assert.deepEqual([sent?.event?.action, sent?.destination?.ip, sent?.network?.interface], ['wireguard-sending-handshake-initiation', '198.51.100.4', { out: 'wg0' }]);
  });

  void it('keeps other messages of the module with their interface, and rejects what is not one', () => {
    assert.deepEqual(parseWireGuard('wireguard: wg0: Keypair 7 created for peer 3'), { network: { protocol: 'wireguard', transport: 'udp', interface: { in: 'wg0' } } });
    for (const text of ['wireguard: WireGuard 1.0.0 loaded', 'wireguard:wg0: x', 'wireguard: wg0: Invalid handshake initiation from 999.1.1.1:1', 'wireguard: wg0: Invalid handshake initiation from 192.0.2.1:1 x']) {
      const f = parseWireGuard(text);
      assert.notEqual(f?.event?.action, 'login', text);
    }
  });
});
