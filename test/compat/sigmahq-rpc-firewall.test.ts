import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath } from './shared-data.ts';

/**
 * SigmaHQ's RPC Firewall rules (`product: rpc_firewall`: RPC calls audited by Zero Networks' RPC Firewall, event 3
 * of its RPCFW log, by interface UUID and operation number) on those events written as Windows event XML: each
 * rule fires on a call it describes, and none on the same call logged in another log.
 */

const temp = tempDirs('sigmahq-rpcfw');

interface Selection {
  InterfaceUuid?: string | string[];
  OpNum?: number | number[];
}

const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function rpcEvent(channel: string, uuid: string, opnum: number, i: number): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="RPCFW"/><EventID>3</EventID>` +
    `<TimeCreated SystemTime="2026-11-22T10:${String(i).padStart(2, '0')}:00.000000Z"/><Channel>${channel}</Channel><Computer>DC01.corp.example</Computer></System>` +
    `<EventData><Data Name="InterfaceUuid">${uuid}</Data><Data Name="OpNum">${String(opnum)}</Data><Data Name="SourceAddress">10.10.40.66</Data></EventData></Event>`;
}

test("SigmaHQ's RPC Firewall rules each fire on an RPC call they describe, and not outside the RPCFW log", async (t) => {
  const dir = sharedPath(t, 'sigma', 'rules', 'application', 'rpc_firewall');
  if (dir === undefined) return;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => join(dir, f));
  const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
  assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), []);
  // For each rule, a call it selects: its first interface, with an operation it selects or one its filter leaves.
  const calls = files.map((file) => {
    const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS() as { id: string; detection: { selection: Selection; filter?: Selection } };
    const { selection, filter } = doc.detection;
    const opnum = list(selection.OpNum)[0] ?? (filter === undefined ? 0 : Math.max(...list(filter.OpNum)) + 1);
    return { id: doc.id, uuid: list(selection.InterfaceUuid)[0]!, opnum };
  });
  const log = join(temp.fresh(), 'rpcfw.xml');
  writeFileSync(log, [...calls.map((c, i) => rpcEvent('RPCFW', c.uuid, c.opnum, i)), rpcEvent('Application', calls[0]!.uuid, calls[0]!.opnum, 59)].join('\n'));
  const { events, errors } = await collectEvents([log], { tz: 'UTC' });
  assert.deepEqual(errors, []);
  const detector = createDetector(set, defaultResolver);
  const alerts = [...events.flatMap((e) => detector.push(e)), ...detector.flush()];
  calls.forEach((call, i) => {
    assert.ok(alerts.some((a) => a.rule.id === call.id && a.event_ids.includes(events[i]!.id)), `${call.id} on ${call.uuid} opnum ${String(call.opnum)}`);
  });
  assert.ok(!alerts.some((a) => a.event_ids.includes(events.at(-1)!.id)), 'the same call in the Application log');
});
