import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { parseDnsDebugLine, questionName } from '../../src/ingest/formats/windows-dns.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';
import { hostileEvents } from '../helpers/hostile.ts';
import { tempDirs } from '../helpers/temp.ts';

/** The Windows DNS Server's debug log: client questions for Sigma's dns category, once each. */

const dirs = tempDirs('windows-dns');
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'formats', 'windows-dns', 'input.log');
const packet = (time: string, direction: 'Rcv' | 'Snd', remote: string, response: boolean, rcode: string, type: string, name: string) =>
  `${time} 0E5C PACKET  000000B1F8A3D1A0 UDP ${direction} ${remote}    b4a2 ${response ? 'R' : ' '} Q [${response ? '8081   DR' : '0001   D '}  ${rcode}] ${type}      ${name}`;

void describe('Windows DNS Server debug log', () => {
  void it("reads a client's question, the server's answer and its forwarded query, at the server's local time", async () => {
    const dir = dirs.fresh();
    const file = join(dir, 'dns.log');
    writeFileSync(file, readFileSync(FIXTURE));
    const { events } = await collectEvents([file], { tz: 'Europe/Berlin' });
    const [query, forward, , answer, tunnel, nxdomain] = events;
    assert.deepEqual([query?.vigil.format, query?.event.dataset, query?.event.action, query?.source?.ip, query?.dns?.question?.name, query?.dns?.question?.type, query?.network?.transport, query?.['@timestamp']], ['windows-dns', 'windows.dns_server', 'dns-query', '192.168.1.50', 'www.example.com', 'A', 'udp', '2024-11-23T09:00:00.000Z']);
    assert.deepEqual([forward?.event.action, forward?.destination?.ip], ['dns-forward', '8.8.8.8']);
    assert.deepEqual([answer?.event.action, answer?.destination?.ip, answer?.dns?.response_code, answer?.event.outcome], ['dns-response', '192.168.1.50', 'NOERROR', 'success']);
    assert.equal(tunnel?.dns?.question?.name, 'agvsbg8td29ybgqtzxhmawx0cmf0aw9ulwnodw5rmde.tun1.evil-c2x.net');
    assert.deepEqual([nxdomain?.dns?.response_code, nxdomain?.event.outcome], ['NXDOMAIN', 'failure']);
    assert.ok(query !== undefined && answer !== undefined && forward !== undefined);
    assert.equal(selected(query, { category: 'dns' }), true);
    assert.equal(read(query, { category: 'dns' }, 'query'), 'www.example.com');
    assert.equal(selected(answer, { category: 'dns' }), false, 'an answer would count its question twice');
    assert.equal(selected(forward, { category: 'dns' }), false);
    assert.equal(events.length, 8, 'the header and the field key are no events');
  });

  void it("fires SigmaHQ's DNS rule once for a client's question to an interaction domain", async (t) => {
    const rule = sharedPath(t, 'sigma', 'rules', 'network', 'dns', 'net_dns_external_service_interaction_domains.yml');
    if (rule === undefined) return;
    const name = '(8)c2k4bqs1(8)interact(2)sh(0)';
    const lines = [
      packet('11/23/2024 10:00:00 AM', 'Rcv', '192.168.1.60', false, 'NOERROR', 'A', name),
      packet('11/23/2024 10:00:00 AM', 'Snd', '8.8.8.8', false, 'NOERROR', 'A', name),
      packet('11/23/2024 10:00:00 AM', 'Rcv', '8.8.8.8', true, 'NOERROR', 'A', name),
      packet('11/23/2024 10:00:00 AM', 'Snd', '192.168.1.60', true, 'NOERROR', 'A', name),
    ];
    const set = loadRuleSet([{ path: rule, origin: 'extra' }], defaultResolver);
    const detector = createDetector(set, defaultResolver);
    const alerts = [...(await eventsOf('dns.log', `${lines.join('\r\n')}\r\n`)).flatMap((e) => detector.push(e)), ...detector.flush()];
    assert.deepEqual(alerts.map((a) => [a.rule.title, a.entities.source_ip]), [['DNS Query to External Service Interaction Domains', ['192.168.1.60']]]);
  });

  void it('reads the day-first locale, keeps the detailed dumps out, and survives hostile lines', async () => {
    const [e] = await eventsOf('dns.log', `${packet('23/11/2024 14:05:00', 'Rcv', '10.0.0.9', false, 'NOERROR', 'AAAA', '(4)mail(4)corp(5)local(0)')}\r\n  UDP question info at 000000B1F8A3D1A0\r\n    Socket = 524\r\n`);
    assert.deepEqual([e?.['@timestamp'], e?.dns?.question?.name], ['2024-11-23T14:05:00.000Z', 'mail.corp.local']);
    assert.equal(questionName('(0)'), undefined);
    assert.equal(parseDnsDebugLine('not a dns line').kind, 'error');
    const events = await hostileEvents('windows-dns', `${packet('11/23/2024 10:00:00 AM', 'Rcv', '<script>', false, 'NOERROR', '__proto__', '(9)<img/src>(11)constructor(0)')}\r\n`, 1);
    assert.deepEqual([events[0]?.source, events[0]?.dns?.question?.type, events[0]?.dns?.question?.name], [undefined, '__proto__', '<img/src>.constructor']);
  });
});
