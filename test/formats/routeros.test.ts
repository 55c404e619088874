import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventOf, eventsOf, selected } from '../detect/mapping/helpers.ts';

/** MikroTik RouterOS messages in syslog: topics where the tag would be, firewall log lines and logins. */

describe('MikroTik RouterOS', () => {
  it('reads a firewall line of a rule with a log prefix, with or without a host, as a verdict', async () => {
    for (const text of [
      'Mar 18 20:36:59 gw firewall,info drop-tcp input: in:ether1-WAN out:(unknown 0), connection-state:new src-mac 00:17:10:88:BC:02, proto TCP (SYN), 36.97.161.219:59388->198.51.100.1:23, len 40',
      '<134>Mar 18 20:36:59 firewall,info drop-tcp input: in:ether1-WAN out:(unknown 0), connection-state:new src-mac 00:17:10:88:BC:02, proto TCP (SYN), 36.97.161.219:59388->198.51.100.1:23, len 40',
    ]) {
      const e = await eventOf('router.log', `${text}\n`);
      assert.equal(e.event.dataset, 'routeros.firewall');
      assert.deepEqual(e.event.type, ['denied']);
      assert.deepEqual([e.source?.ip, e.source?.port, e.source?.mac, e.destination?.ip, e.destination?.port, e.network?.transport], ['36.97.161.219', 59388, '00:17:10:88:bc:02', '198.51.100.1', 23, 'tcp']);
      assert.equal(e.network?.interface?.in, 'ether1-WAN');
      assert.equal(e.network?.interface?.out, undefined, '(unknown 0) is no interface');
      assert.equal(selected(e, { category: 'firewall' }), true);
    }
  });

  it('reads ICMP and NAT lines, and a rule without a prefix as logged only', async () => {
    const icmp = await eventOf('router.log', 'Mar 18 20:37:00 gw firewall,info forward: in:bridge out:ether1, src-mac 4c:5e:0c:11:22:33, proto ICMP (type 8, code 0), 192.168.88.10->8.8.8.8, NAT (192.168.88.10->203.0.113.5)->8.8.8.8, len 84\n');
    assert.deepEqual([icmp.source?.ip, icmp.source?.port, icmp.destination?.ip, icmp.network?.transport], ['192.168.88.10', undefined, '8.8.8.8', 'icmp']);
    assert.equal(icmp.labels?.['routeros.nat'], '(192.168.88.10->203.0.113.5)->8.8.8.8');
    assert.equal(icmp.event.action, 'firewall-log');
  });

  it('reads logins as authentication events that feed the brute-force correlations', async () => {
    const failure = await eventOf('router.log', '2023-03-19T12:34:09.757188+01:00 10.120.127.1 system,error,critical login failure for user admin from 10.127.0.35 via winbox\n');
    assert.deepEqual([failure.event.action, failure.event.outcome, failure.user?.name, failure.source?.ip, failure.labels?.['routeros.via']], ['login', 'failure', 'admin', '10.127.0.35', 'winbox']);
    assert.equal(selected(failure, { category: 'authentication' }), true);
    const success = await eventOf('router.log', '2023-03-19T12:35:00.000000+01:00 gw system,info,account user admin logged in from 10.127.0.35 via ssh\n');
    assert.deepEqual([success.event.action, success.event.outcome, success.source?.ip], ['login', 'success', '10.127.0.35']);
    const out = await eventOf('router.log', '2023-03-19T12:36:00.000000+01:00 gw system,info,account user admin logged out from 10.127.0.35 via ssh\n');
    assert.equal(out.event.action, 'logout');
  });

  it('does not take an application log\'s comma-separated word for RouterOS topics', async () => {
    const events = await eventsOf('app.log', 'Mar 18 20:36:58 host sshd[1]: Connection closed by 192.0.2.1 port 22\nMar 18 20:36:59 host red,green started\n');
    assert.equal(events[1]?.vigil.format, 'syslog');
    assert.equal(events[1]?.event.dataset, 'syslog');
    assert.equal(events[1]?.labels?.['routeros.topics'], undefined);
  });
});
