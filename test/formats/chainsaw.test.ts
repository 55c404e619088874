import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { eventsOf, read } from '../detect/mapping/helpers.ts';
import { FORMAT_FIXTURES, fixtureEvents } from '../helpers/format.ts';
import { assertNoPollution, assertSoundEvent, readAs } from '../helpers/hostile.ts';
import { ingestTwice } from '../helpers/pack-alerts.ts';
import { tempDirs } from '../helpers/temp.ts';

/** Chainsaw's hunt results: each matched record read by its own format, the detection as labels. */

const dirs = tempDirs('chainsaw');

function detection(eventId: number, time: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    group: 'Sigma', kind: 'individual', name: 'Rule', level: 'high', source: 'sigma', status: 'test', id: 'r-1', timestamp: time,
    document: { kind: 'evtx', path: 'Security.evtx', data: { Event: { System: { EventID: eventId, Channel: 'Security', Computer: 'DC01', TimeCreated_attributes: { SystemTime: time } }, EventData: data } } },
  };
}

void describe("Chainsaw's hunt results", () => {
  void it('reads a matched EVTX record as the Windows event it is, with the detection as labels; an aggregate as the detection', async () => {
    const events = await fixtureEvents('chainsaw', 'input.jsonl');
    assert.deepEqual(
      events.map((e) => [e.vigil.format, e.event.dataset, e.event.action, e.user?.name ?? null, e.source?.ip ?? null, e.labels?.['chainsaw.name'], e['@timestamp']]),
      [
        ['windows-json', 'windows.security', 'logon-failed', 'administrator', '203.0.113.66', 'Failed Logon From Public IP', '2024-11-23T10:00:00.123Z'],
        ['chainsaw', 'chainsaw', 'chainsaw-detection', null, null, 'Multiple Failed Logons', '2024-11-23T10:00:30.000Z'],
      ],
    );
    // The evtx crate's separate attributes (`Provider_attributes`, `TimeCreated_attributes`) are the System's.
    assert.equal(events[0]?.winlog?.provider_name, 'Microsoft-Windows-Security-Auditing');
    assert.equal(read(events[0], { product: 'windows', service: 'security' }, 'SubStatus'), '0xc000006a');
    assert.equal(events[1]?.labels?.['chainsaw.documents'], '2');
  });

  void it('reads --json output (a pretty-printed list), and re-ingesting adds nothing', async () => {
    const lines = [detection(4624, '2024-11-23T10:01:00Z', { TargetUserName: 'alice', LogonType: 10, IpAddress: '198.51.100.4' }), detection(1102, '2024-11-23T10:02:00Z', {})];
    const events = await eventsOf('hunt.json', JSON.stringify(lines, null, 2));
    assert.deepEqual(events.map((e) => [e.vigil.format, e.winlog?.event_id, e.event.action]), [['windows-json', 4624, 'logon'], ['windows-json', 1102, 'log-cleared']]);
    assert.deepEqual(await ingestTwice(dirs.fresh(), [join(FORMAT_FIXTURES, 'chainsaw', 'input.jsonl')]), [2, 0]);
  });

  void it('survives hostile detections: prototype-named keys, markup, odd types, a document of nothing', async () => {
    const text = [
      { ...detection(4625, '2024-11-23T10:00:00Z', { __proto__: 'x', constructor: { a: 1 }, TargetUserName: '<script>alert(1)</script>' }), tags: [1, null, '<b>'], authors: 'nope' },
      { group: 'Sigma', kind: 'individual', name: '<img src=x>', level: 'high', document: { kind: 'evtx', data: 'not an object' } },
      { group: 'Sigma', kind: 'aggregate', name: 'x', level: {}, documents: [null] },
    ].map((line) => JSON.stringify(line)).join('\n');
    const { events } = await readAs('chainsaw', `${text}\n`);
    assert.equal(events.length, 3);
    for (const event of events) assertSoundEvent(event);
    assert.equal(events[0]?.user?.name, '<script>alert(1)</script>', 'kept as text: the edges escape it');
    assertNoPollution();
  });
});
