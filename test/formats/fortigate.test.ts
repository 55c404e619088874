import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Draft, ParseOutcome } from '../../src/ingest/format.ts';
import { fortigateFormat } from '../../src/ingest/formats/fortigate.ts';
import { eventOf, selected } from '../detect/mapping/helpers.ts';

/** FortiGate key=value logs; the contract fixture holds one of each kind, these the edges. */

function parse(text: string): ParseOutcome {
  return fortigateFormat.createParser({ fileName: 'fortigate.log' }).parse({ text, line: 1, offset: 0 });
}

function draft(text: string): Draft {
  const outcome = parse(text);
  if (outcome.kind !== 'events') assert.fail(`not read: ${text}`);
  return outcome.drafts[0]!;
}

const DENY = 'date=2026-11-22 time=10:00:02 devname="FGT-EDGE-01" logid="0000000013" type="traffic" subtype="local" srcip=45.155.205.7 srcport=63000 dstip=192.0.2.10 dstport=3389 proto=6 action="deny" policyid=0';

describe('FortiGate logs', () => {
  it('leaves other key=value logs to other formats', () => {
    for (const text of [
      'time="2024-01-15T18:43:09Z" level=debug msg="Handling UDP stream from 1.2.3.44:34871 to 192.168.176.3:21116"',
      'level=info ts=2026-11-22T10:00:00Z caller=main.go:42 msg="starting" type=server',
      'IN=eth0 OUT= SRC=1.2.3.4 DST=5.6.7.8 PROTO=TCP',
    ]) assert.equal(parse(text).kind, 'error', text);
  });

  it('does not claim a text that quotes a few FortiGate lines among others', () => {
    const quoted = `results[0].Evt.Parsed["message"] == "${DENY.replaceAll('"', '\\"')}"`;
    const lines = [quoted, ...Array.from({ length: 9 }, (_, i) => `results[0].Evt.Meta["field${String(i)}"] == "value"`)];
    assert.equal(parse(quoted).kind, 'events', 'the quoted line alone reads as FortiGate');
    assert.equal(fortigateFormat.sniff({ fileName: 'parser.assert', lines, values: [] }), 0);
    assert.ok(fortigateFormat.sniff({ fileName: 'fw.log', lines: [DENY, DENY, ...lines.slice(1, 5)], values: [] }) > 0.5);
  });

  it('reads quoted values with escaped quotes, and the event time at any epoch precision', () => {
    const escaped = draft(`${DENY} msg="a \\"quoted\\" word"`);
    assert.equal(escaped.fields.message, 'a "quoted" word');
    for (const eventtime of ['1795338002', '1795338002000', '1795338002000000', '1795338002000000000']) {
      assert.equal(draft(`${DENY} eventtime=${eventtime}`).time, '2026-11-22T09:00:02.000Z', eventtime);
    }
    assert.equal(draft(`${DENY} tz="-0700"`).time, '2026-11-22T10:00:02-07:00', 'date and time in the zone tz names');
    assert.equal(draft(`<189>${DENY}`).time, '2026-11-22T10:00:02', 'after a bare syslog priority');
    assert.equal(draft(`Nov 22 10:00:02 fw-relay ${DENY}`).time, '2026-11-22T10:00:02', 'after a syslog header');
  });

  it('gives firewall verdicts to Sigma firewall rules, and logins to authentication rules', async () => {
    const deny = await eventOf('fortigate.log', `${DENY}\n`);
    assert.deepEqual([deny.event.type, deny.event.outcome, deny.source?.ip, deny.destination?.port, deny.network?.transport], [['denied'], 'failure', '45.155.205.7', 3389, 'tcp']);
    assert.ok(selected(deny, { category: 'firewall' }));
    const vpn = await eventOf(
      'fortigate.log',
      'date=2026-11-22 time=10:00:03 devname="FGT-EDGE-01" logid="0101039426" type="event" subtype="vpn" action="ssl-login-fail" remip=198.51.100.23 user="j.smith" reason="sslvpn_login_permission_denied"\n',
    );
    assert.deepEqual([vpn.event.action, vpn.event.outcome, vpn.source?.ip, vpn.user?.name], ['vpn-login-failed', 'failure', '198.51.100.23', 'j.smith']);
    assert.ok(selected(vpn, { category: 'authentication' }));
    assert.ok(!selected(vpn, { category: 'firewall' }));
  });
});
