import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { dataOf } from '../../src/ingest/formats/windows-csv.ts';
import { layoutOf, newestSlotsByName } from '../../src/ingest/formats/windows-json/templates/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { tempDirs } from '../helpers/temp.ts';
import { GUID, evtxRecords, winEventObject } from '../helpers/winevent-objects.ts';
import { dotted, percent, sharedPath } from './shared-data.ts';

/**
 * The event templates against real files: SigmaHQ's regression EVTX files (Windows 10/11 and Server, Sysmon 15)
 * carry EventData's names in template order. Their events, turned into what Get-WinEvent gives (values without
 * names, no message), must read as the EVTX files do.
 */

const dirs = tempDirs('winevent-properties-compat');

function filesEnding(dir: string, extension: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesEnding(path, extension, out);
    else if (entry.name.toLowerCase().endsWith(extension)) out.push(path);
  }
  return out.sort();
}

const FIELDS = [
  '@timestamp', 'event.code', 'event.action', 'event.outcome', 'event.category', 'host.name', 'user.name', 'user.domain', 'user.id',
  'source.ip', 'source.port', 'destination.ip', 'destination.port', 'destination.domain', 'process.pid', 'process.executable',
  'process.command_line', 'process.hash', 'process.parent.pid', 'process.parent.executable', 'process.parent.command_line',
  'process.entity_id', 'file.path', 'registry.path', 'registry.value', 'dns.question.name', 'winlog.logon', 'winlog.channel',
];

/** The EVTX reader writes GUIDs as evtx_dump does (upper case, no braces), Windows and Get-WinEvent's values in braces. */
function comparable(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  const guid = typeof value === 'string' ? GUID.exec(value) : null;
  return guid === null ? text : guid[1]!.toLowerCase();
}

function differences(fromEvtx: VigilEvent, fromProperties: VigilEvent, named: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const path of FIELDS) {
    if (comparable(dotted(fromEvtx, path)) !== comparable(dotted(fromProperties, path))) out.push(path);
  }
  const evtxData = fromEvtx.winlog?.event_data ?? {};
  const propertyData = fromProperties.winlog?.event_data ?? {};
  for (const name of new Set([...Object.keys(evtxData), ...Object.keys(propertyData)])) {
    // A newer Windows than the tables' appends names they do not know: those values stay unnamed.
    if (!named.has(name)) continue;
    if (comparable(evtxData[name]) !== comparable(propertyData[name])) out.push(`EventData ${name}`);
  }
  return out;
}

test("the templates name the shared EVTX files' EventData in the files' order, and their Get-WinEvent twins read the same", async (t) => {
  const sigma = sharedPath(t, 'sigma', 'regression_data');
  if (sigma === undefined) return;
  const files = filesEnding(sigma, '.evtx');
  const layouts = new Set<string>();
  const mismatches: string[] = [];
  let exact = 0;
  let longer = 0;
  let unknown = 0;
  let compared = 0;
  for (const file of files) {
    const records = await evtxRecords(file);
    const named: Set<string>[] = [];
    for (const { data } of records) {
      const names = data.entries.map(([name]) => name);
      const slots = layoutOf(data.provider, data.eventId, data.version, names.length)?.map((slot) => slot.name);
      named.push(new Set(slots ?? []));
      if (slots === undefined) {
        unknown++;
        continue;
      }
      layouts.add(`${data.provider} ${data.eventId} v${String(data.version)}`);
      if (slots.join() === names.join()) exact++;
      else if (slots.length < names.length && slots.every((name, i) => names[i] === name)) longer++;
      else mismatches.push(`${basename(file)} ${data.provider} ${data.eventId}: ${names.join()} against ${slots.join()}`);
    }
    const twin = join(dirs.fresh(), 'get-winevent.json');
    writeFileSync(twin, JSON.stringify(records.map(({ system, data }) => winEventObject(system, data)), null, 2));
    const fromEvtx = (await collectEvents([file], { tz: 'UTC' })).events;
    const fromProperties = await collectEvents([twin], { tz: 'UTC' });
    assert.deepEqual([fromProperties.formats, fromProperties.errors, fromProperties.events.length], [['powershell-winevent'], [], fromEvtx.length], basename(file));
    fromEvtx.forEach((event, i) => {
      compared++;
      const diff = differences(event, fromProperties.events[i]!, named[i] ?? new Set());
      if (diff.length > 0) mismatches.push(`${basename(file)} event ${event.event.code}: ${diff.join(', ')}`);
    });
  }
  t.diagnostic(`${files.length} EVTX files; layouts of ${layouts.size} templates: ${[...layouts].sort().join('; ')}`);
  t.diagnostic(`${exact} events with exactly the template's names, ${longer} with more names after them (a newer Windows), ${unknown} of providers or events without a template; ${compared} events compared with their Get-WinEvent twins`);
  assert.deepEqual(mismatches, []);
  assert.ok(exact >= 200 && layouts.size >= 10, `${exact} events, ${layouts.size} templates`);
  assert.ok(compared >= 200, `${compared} compared`);
});

test("the Security templates' names are the EventData names of the OTRF sets' Security events (NXLog, flat JSON)", (t) => {
  const otrf = sharedPath(t, 'otrf-sample');
  if (otrf === undefined) return;
  // Flat records mix EventData with the System fields, and NXLog drops empty values: names are checked, not order.
  let events = 0;
  let complete = 0;
  const templates = new Set<number>();
  const missing = new Map<string, number>();
  for (const zip of filesEnding(otrf, '.zip')) {
    for (const line of execFileSync('unzip', ['-p', zip], { maxBuffer: 1 << 28 }).toString('utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record.SourceName !== 'Microsoft-Windows-Security-Auditing') continue;
      const version = record.Version === undefined ? undefined : Number(record.Version);
      const slots = layoutOf('Microsoft-Windows-Security-Auditing', Number(record.EventID), version, Number.MAX_SAFE_INTEGER);
      if (slots === undefined) continue;
      events++;
      templates.add(Number(record.EventID));
      const keys = new Set(Object.keys(record).map((key) => key.toLowerCase()));
      const absent = slots.filter((slot) => !keys.has(slot.name.toLowerCase())).map((slot) => `${String(record.EventID)} ${slot.name}`);
      if (absent.length === 0) complete++;
      for (const name of absent) missing.set(name, (missing.get(name) ?? 0) + 1);
    }
  }
  t.diagnostic(`${complete}/${events} Security events of ${templates.size} event ids hold every name of their template; missing: ${[...missing].map(([name, n]) => `${name} (${n})`).join(', ') || 'none'}`);
  assert.ok(events >= 2000 && templates.size >= 20, `${events} events, ${templates.size} ids`);
  assert.ok(percent(complete, events) >= 99.5, `${complete}/${events}`);
});

test("the message readers name the OTRF sets' Security and Sysmon fields as their EventData does, with its values", (t) => {
  const otrf = sharedPath(t, 'otrf-sample');
  if (otrf === undefined) return;
  // What Event Viewer's CSV, the classic and wevtutil text and PowerShell without values read: the rendered message.
  let events = 0;
  let pairs = 0;
  let equal = 0;
  const unnamed = new Map<string, number>();
  const differing = new Map<string, number>();
  for (const zip of filesEnding(otrf, '.zip')) {
    for (const line of execFileSync('unzip', ['-p', zip], { maxBuffer: 1 << 28 }).toString('utf8').split('\n')) {
      if (!line.startsWith('{')) continue;
      const record = JSON.parse(line) as Record<string, unknown>;
      const provider = typeof record.SourceName === 'string' ? record.SourceName : undefined;
      const eventId = Number(record.EventID);
      const slots = provider === undefined ? undefined : newestSlotsByName(provider, eventId);
      if (typeof record.Message !== 'string' || provider === undefined || slots === undefined || slots.size === 0) continue;
      events++;
      const names = new Set([...slots.values()].map((slot) => slot.name));
      for (const [name, value] of Object.entries(dataOf(record.Message, provider, eventId))) {
        if (!names.has(name)) unnamed.set(`${String(eventId)} ${name}`, (unnamed.get(`${String(eventId)} ${name}`) ?? 0) + 1);
        const own = record[name];
        // A message renders insertion strings (%%14593 is "Outbound") and trims values: those are not compared.
        if (typeof own !== 'string' || own.startsWith('%%')) continue;
        pairs++;
        if (own.trim() === value) equal++;
        else differing.set(`${String(eventId)} ${name}`, (differing.get(`${String(eventId)} ${name}`) ?? 0) + 1);
      }
    }
  }
  t.diagnostic(`${events} events with messages; ${equal}/${pairs} values equal to their EventData's; names no template has: ${[...unnamed].map(([k, n]) => `${k} (${n})`).join(', ') || 'none'}; differing: ${[...differing].map(([k, n]) => `${k} (${n})`).join(', ') || 'none'}`);
  assert.ok(events >= 5000, `${events} events`);
  assert.deepEqual([...unnamed], []);
  assert.deepEqual([...differing], []);
});
