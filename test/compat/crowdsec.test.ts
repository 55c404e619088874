import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectEvents } from '../../src/pipeline/events.ts';
import type { VigilEvent } from '../../src/schema/event.ts';
import { locate, parsersIn, readParserResults, type Located } from './crowdsec-assert.ts';
import { comparable, LOG_TYPES, parserOf, ruleFor, type LogType } from './crowdsec-mapping.ts';
import { percent, sharedPath } from './shared-data.ts';

/**
 * Field agreement with the CrowdSec hub's own parser tests (crowdsec-hub/.tests/<test>/parser.assert): for every
 * successful s01-parse result of the sshd/nginx/apache2/iptables/auditd parsers, each asserted field that has a
 * place in our schema (crowdsec-mapping.ts) is compared with our event for the same input line.
 */

/** Measured pass rates (%), rounded down a little: a parser regression fails, an improvement does not. */
// Measured 2024 snapshot of the hub: sshd 96.3, nginx 92.6, apache2 99.2, iptables 53.5 (UniFi lines not parsed), auditd 100.
// Current snapshot (stop 25): sshd 100, nginx 98.1 (Nginx Proxy Manager's formats and nginx's error lines in syslog read), apache2 99.2, iptables 94.1, auditd 100, proxmox 100.
const FLOOR: Record<LogType, number> = { sshd: 98, nginx: 97, apache2: 97, iptables: 92, auditd: 98, proxmox: 99 };
const OPTIONS = { tz: 'UTC', year: 2024, now: () => new Date('2024-12-31T00:00:00Z') };

interface Failure {
  test: string;
  line: number;
  field: string;
  want: string | undefined;
  got: string | undefined;
}

interface Tally {
  compared: number;
  passed: number;
  results: number;
  byMessage: number;
  byPosition: number;
  indexIsPosition: number;
  failures: Failure[];
  notCompared: Map<string, number>;
}

function logFileOf(dir: string): string | undefined {
  const config = readFileSync(join(dir, 'config.yaml'), 'utf8');
  const name = /^log_file:\s*(\S+)\s*$/m.exec(config)?.[1];
  return name === undefined ? undefined : join(dir, name);
}

function compareLine(type: LogType, testName: string, hit: Located, event: VigilEvent | undefined, tally: Tally): void {
  for (const [key, expected] of hit.result.fields) {
    const rule = ruleFor(key, type);
    if (rule === undefined) {
      tally.notCompared.set(key, (tally.notCompared.get(key) ?? 0) + 1);
      continue;
    }
    const { want, got } = comparable(rule, expected, event);
    tally.compared++;
    if (want === got) tally.passed++;
    else tally.failures.push({ test: testName, line: hit.line, field: key, want, got });
  }
}

async function runTest(dir: string, testName: string, type: LogType, tally: Tally): Promise<void> {
  const log = logFileOf(dir);
  assert.ok(log !== undefined && existsSync(log), `${testName}: config.yaml names a log file that exists`);
  const lines = readFileSync(log, 'utf8').split('\n').map((l) => l.replace(/\r$/, ''));
  const nonEmpty = lines.map((l, i) => ({ l, i })).filter((x) => x.l.trim() !== '').map((x) => x.i + 1);
  const { events } = await collectEvents([log], OPTIONS);
  const byLine = new Map<number, VigilEvent>();
  for (const event of events) if (event.log.line !== undefined && !byLine.has(event.log.line)) byLine.set(event.log.line, event);
  const results = readParserResults(join(dir, 'parser.assert'), parserOf(type));
  const located = locate(results, lines).filter((hit) => hit.result.success === true);
  assert.equal(located.length, results.filter((r) => r.success === true).length, `${testName}: every successful result has its line`);
  for (const hit of located) {
    if (hit.via === 'message') {
      tally.byMessage++;
      if (nonEmpty.indexOf(hit.line) === hit.result.index) tally.indexIsPosition++;
    } else tally.byPosition++;
    tally.results++;
    compareLine(type, testName, hit, byLine.get(hit.line), tally);
  }
}

function newTally(): Tally {
  return { compared: 0, passed: 0, results: 0, byMessage: 0, byPosition: 0, indexIsPosition: 0, failures: [], notCompared: new Map() };
}

test('crowdsec hub parser tests: field agreement per log type', async (t) => {
  const root = sharedPath(t, 'crowdsec-hub', '.tests');
  if (root === undefined) return;
  const tallies = new Map<LogType, Tally>(LOG_TYPES.map((type) => [type, newTally()]));
  const testsPerType = new Map<LogType, string[]>(LOG_TYPES.map((type) => [type, []]));
  for (const name of readdirSync(root).sort()) {
    const assertFile = join(root, name, 'parser.assert');
    if (!existsSync(assertFile)) continue;
    const parsers = parsersIn(assertFile);
    for (const type of LOG_TYPES) {
      if (!parsers.has(parserOf(type))) continue;
      testsPerType.get(type)?.push(name);
      const tally = tallies.get(type);
      if (tally !== undefined) await runTest(join(root, name), name, type, tally);
    }
  }
  const notCompared = new Map<string, number>();
  for (const type of LOG_TYPES) {
    const tally = tallies.get(type) ?? newTally();
    const rate = percent(tally.passed, tally.compared);
    const tests = testsPerType.get(type) ?? [];
    t.diagnostic(
      `${type}: ${tests.length} tests, ${tally.results} successful results, ${tally.compared} fields compared, ` +
        `${tally.passed} passed (${rate.toFixed(1)} %); results located by Parsed.message ${tally.byMessage} ` +
        `(N = N-th non-empty line for ${tally.indexIsPosition} of them), by position ${tally.byPosition}`,
    );
    // CS_MAX=n prints n failures per log type instead of the first 20.
    for (const f of tally.failures.slice(0, Number(process.env.CS_MAX ?? 20))) {
      t.diagnostic(`  ${type} ${f.test}:${f.line} ${f.field}: expected ${JSON.stringify(f.want)}, got ${JSON.stringify(f.got)}`);
    }
    for (const [key, n] of tally.notCompared) notCompared.set(key, (notCompared.get(key) ?? 0) + n);
  }
  t.diagnostic(`not compared (no place in our schema): ${[...notCompared.keys()].sort().join(', ')}`);
  for (const type of LOG_TYPES) {
    const tally = tallies.get(type) ?? newTally();
    assert.ok(tally.compared > 0, `${type}: some fields were compared`);
    const rate = percent(tally.passed, tally.compared);
    assert.ok(rate >= FLOOR[type], `${type}: ${rate.toFixed(1)} % of ${tally.compared} fields agree, floor ${FLOOR[type]} %`);
  }
});
