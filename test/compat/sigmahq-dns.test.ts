import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { createDetector, loadRuleSet } from '../../src/detect/index.ts';
import { defaultResolver } from '../../src/detect/mapping/index.ts';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { tempDirs } from '../helpers/temp.ts';
import { sharedPath } from './shared-data.ts';
import { synthesize, type Place } from './sigma-synth.ts';

/**
 * SigmaHQ's DNS rules (`category: dns`, no product) on the DNS logs of a network sensor and of a server: each rule
 * fires on a Suricata EVE dns record built from its own detection (sigma-synth.ts), and on BIND's query log line and
 * dnsmasq's (Pi-hole's) of the same query (rules on answers excepted: a query log has none), and none fires on a
 * routine query.
 */

const temp = tempDirs('sigmahq-dns');
type Json = Record<string, unknown>;

const base = (): Json => ({
  timestamp: '2026-11-23T09:00:00.000000+0000', flow_id: 1, in_iface: 'eth0', event_type: 'dns', src_ip: '10.0.0.8', src_port: 53535,
  dest_ip: '10.0.0.53', dest_port: 53, proto: 'UDP', dns: { type: 'query', id: 1, rrname: 'www.example.org', rrtype: 'A' },
});

/** Sigma's DNS names in an EVE record: the question's name and type, and an answer (which makes it a v2 answer record). */
const place: Place = (record, field, value) => {
  const dns = record.dns as Json;
  if (field === 'query') dns.rrname = value;
  else if (field === 'record_type') dns.rrtype = value;
  else if (field === 'answer') Object.assign(dns, { version: 2, type: 'answer', rcode: 'NOERROR', answers: [{ rrname: dns.rrname, rrtype: dns.rrtype, rdata: value }] });
  else return false;
  return true;
};

function bindLine(record: Json, second: number): string {
  const dns = record.dns as Json;
  return `23-Nov-2026 09:00:${String(second % 60).padStart(2, '0')}.000 queries: info: client @0x7f01 10.0.0.8#53535 (${String(dns.rrname)}): query: ${String(dns.rrname)} IN ${String(dns.rrtype)} + (10.0.0.53)`;
}

/** The same question in Pi-hole's log (dnsmasq's query log, no host). */
function dnsmasqLine(record: Json, second: number): string {
  const dns = record.dns as Json;
  return `Nov 23 09:00:${String(second % 60).padStart(2, '0')} dnsmasq[812]: query[${String(dns.rrtype)}] ${String(dns.rrname)} from 10.0.0.8`;
}

function dnsRules(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yml'))
    .map((f) => join(root, f))
    .filter((file) => {
      const logsource = (parse(readFileSync(file, 'utf8')) as { logsource?: Json }).logsource ?? {};
      return logsource.category === 'dns' && logsource.product === undefined;
    });
}

function firedLines(files: string[], events: VigilEvent[]): Map<string, Set<number>> {
  const set = loadRuleSet(files.map((path) => ({ path, origin: 'extra' as const })), defaultResolver);
  assert.deepEqual(set.problems.map((p) => `${p.status} ${p.reason}`), [], 'every rule loads and is active');
  const detector = createDetector(set, defaultResolver);
  const fired = new Map<string, Set<number>>();
  for (const alert of [...events.flatMap((e) => detector.push(e)), ...detector.flush()]) {
    for (const id of alert.event_ids) {
      const line = events.find((e) => e.id === id)?.log.line ?? 0;
      fired.set(alert.rule.id, (fired.get(alert.rule.id) ?? new Set()).add(line));
    }
  }
  return fired;
}

test('SigmaHQ DNS rules fire on Suricata EVE, BIND and dnsmasq query records of their own queries, not on a routine one', async (t) => {
  const roots = [['rules', 'network', 'dns'], ['rules-threat-hunting', 'network'], ['rules-emerging-threats']].map((d) => sharedPath(t, 'sigma', ...d));
  if (roots.some((r) => r === undefined)) return;
  const files = roots.flatMap((r) => dnsRules(r!));
  const made = files.map((file) => synthesize(readFileSync(file, 'utf8'), base, place));
  const records = made.flatMap((m) => ('record' in m ? [m] : []));
  const dir = temp.fresh();
  const eve = join(dir, 'eve.json');
  writeFileSync(eve, `${[base(), ...records.map((m) => m.record)].map((r) => JSON.stringify(r)).join('\n')}\n`);
  const onQueries = records.filter((m) => (m.record.dns as Json).answers === undefined);
  const bind = join(dir, 'named.log');
  writeFileSync(bind, `${[base(), ...onQueries.map((m) => m.record)].map((r, i) => bindLine(r, i)).join('\n')}\n`);
  const pihole = join(dir, 'pihole.log');
  writeFileSync(pihole, `${[base(), ...onQueries.map((m) => m.record)].map((r, i) => dnsmasqLine(r, i)).join('\n')}\n`);
  const fromEve = await collectEvents([eve], { tz: 'UTC' });
  const fromBind = await collectEvents([bind], { tz: 'UTC' });
  const fromPihole = await collectEvents([pihole], { tz: 'UTC', year: 2026 });
  assert.deepEqual([fromEve.errors, fromEve.formats, fromBind.errors, fromBind.formats, fromPihole.errors, fromPihole.formats], [[], ['suricata-eve'], [], ['bind9'], [], ['syslog']]);
  const onEve = firedLines(files, fromEve.events);
  const onBind = firedLines(files, fromBind.events);
  const onPihole = firedLines(files, fromPihole.events);
  const missEve = records.filter((m, i) => onEve.get(m.id)?.has(i + 2) !== true).map((m) => m.title);
  const missBind = onQueries.filter((m, i) => onBind.get(m.id)?.has(i + 2) !== true).map((m) => m.title);
  const missPihole = onQueries.filter((m, i) => onPihole.get(m.id)?.has(i + 2) !== true).map((m) => m.title);
  t.diagnostic(`${String(files.length)} rules; ${String(records.length)} made a record (${made.filter((m) => 'skipped' in m).map((m) => ('skipped' in m ? `${m.title}: ${m.skipped}` : '')).join('; ') || 'none skipped'})`);
  t.diagnostic(`Suricata EVE: ${String(records.length - missEve.length)} of ${String(records.length)} fire on their own record; BIND: ${String(onQueries.length - missBind.length)} of ${String(onQueries.length)}; dnsmasq: ${String(onQueries.length - missPihole.length)} of ${String(onQueries.length)} (rules on answers left out)`);
  assert.ok(files.length >= 10 && records.length >= files.length * 0.8, `${String(records.length)} of ${String(files.length)} rules made a record`);
  assert.deepEqual(missEve, [], 'rules that did not fire on their own EVE record');
  assert.deepEqual(missBind, [], 'rules that did not fire on their own BIND line');
  assert.deepEqual(missPihole, [], 'rules that did not fire on their own dnsmasq line');
  assert.deepEqual([...onEve, ...onBind, ...onPihole].filter(([, lines]) => lines.has(1)).map(([id]) => id), [], 'rules firing on the routine query');
});
