import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { gatherFacts, planQuestion, renderReport, storePlanOptions } from '../../src/assist/facts/index.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { Fact } from '../../src/schema/assist.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { sharedPath } from '../compat/shared-data.ts';
import { tempDirs } from '../helpers/temp.ts';
import { assertCitationsResolve, assertEntitiesComplete, citedEvents } from './citations.ts';
import { factOf } from './fixture.ts';

const dirs = tempDirs('assist-shared');

async function analysed(t: TestContext, parts: string[], body: (store: Store) => Promise<void>): Promise<void> {
  const path = sharedPath(t, ...parts);
  if (path === undefined) return;
  const store = openStore(join(dirs.fresh(), 'vigil.db'));
  try {
    await ingest(store, [path], { tz: 'UTC', year: 2024, actor: 'test' });
    analyzeStore(store, { actor: 'test' });
    await body(store);
  } finally {
    store.close();
  }
}

async function ask(store: Store, question: string): Promise<Fact[]> {
  const plan = planQuestion(question, 'basic', storePlanOptions(store.db));
  const facts = await gatherFacts({ db: store.db, analyses: store.analyses }, plan);
  assertCitationsResolve(store, facts);
  assertEntitiesComplete(facts);
  assert.ok(renderReport(plan, facts).length > 0);
  return facts;
}

/** Failed password attempts per source address, read from the raw log (`message repeated N times` counts N). */
function attemptsInLog(path: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /(?:message repeated (\d+) times: \[ )?Failed password for (?:invalid user )?.* from (\S+) port \d+/.exec(line);
    if (m !== null) out.set(m[2]!, (out.get(m[2]!) ?? 0) + Number(m[1] ?? 1));
  }
  return out;
}

const BRUTE_FORCE_SOURCES = ['183.62.140.253', '187.141.143.180', '103.99.0.122', '112.95.230.3', '5.188.10.180', '185.190.58.151'];

describe('loghub OpenSSH_2k.log', () => {
  it('suspicious IPs: all 23 sources with failed logins and their exact attempts, the six brute-force sources flagged, events cited', async (t) => {
    await analysed(t, ['loghub', 'OpenSSH', 'OpenSSH_2k.log'], async (store) => {
      const truth = attemptsInLog(sharedPath(t, 'loghub', 'OpenSSH', 'OpenSSH_2k.log')!);
      assert.equal(truth.size, 23);
      assert.equal([...truth.values()].reduce((a, b) => a + b, 0), 528);
      const facts = await ask(store, 'Show all suspicious IP addresses and their activities');
      const overview = factOf(facts, 'suspicious-ips.overview');
      assert.equal(overview.data.attempts, 528);
      const listed = new Map((overview.data.ips as { ip: string; failedAttempts: number }[]).map((s) => [s.ip, s.failedAttempts]));
      assert.deepEqual(new Map([...listed].sort()), new Map([...truth].sort()));
      assert.deepEqual([...(overview.data.bruteForceSources as string[])].sort(), [...BRUTE_FORCE_SOURCES].sort());
      const perIp = facts.filter((f) => f.kind === 'suspicious-ips.ip');
      const roster = factOf(facts, 'suspicious-ips.roster');
      for (const [ip, n] of truth) {
        const own = perIp.find((f) => f.data.ip === ip);
        if (own !== undefined) {
          assert.equal(own.data.failedAttempts, n, ip);
          assert.equal(own.data.bruteForce, BRUTE_FORCE_SOURCES.includes(ip), ip);
          assert.ok(own.citations.events.length > 0);
          for (const e of citedEvents(store, own)) assert.deepEqual([e.source?.ip, e.event.action, e.event.outcome], [ip, 'ssh-login', 'failure']);
        } else {
          assert.ok(roster.text.includes(`${ip} (${String(n)})`), `${ip} (${String(n)}) in the roster`);
        }
      }
      for (const ip of BRUTE_FORCE_SOURCES) assert.ok(perIp.some((f) => f.data.ip === ip), `${ip} has its own fact`);
    });
  });

  it('brute force: names exactly the six sources, with ATT&CK T1110', async (t) => {
    await analysed(t, ['loghub', 'OpenSSH', 'OpenSSH_2k.log'], async (store) => {
      const facts = await ask(store, 'Are there any indicators of a brute-force attack?');
      const overview = factOf(facts, 'brute-force.overview');
      const sources = overview.data.sources as { ip: string; failedAttempts: number }[];
      assert.deepEqual(sources.map((s) => s.ip).sort(), [...BRUTE_FORCE_SOURCES].sort());
      assert.deepEqual(Object.fromEntries(sources.map((s) => [s.ip, s.failedAttempts])), { '183.62.140.253': 286, '187.141.143.180': 80, '103.99.0.122': 46, '112.95.230.3': 26, '5.188.10.180': 18, '185.190.58.151': 17 });
      assert.ok(overview.entities.some((e) => e.kind === 'technique' && e.value.startsWith('T1110')));
      assert.match(overview.text, /^Yes: 6 incidents with brute-force techniques \(T1110\.\d{3} /);
      const incidents = facts.filter((f) => f.kind === 'brute-force.incident');
      assert.equal(incidents.length, 6);
      for (const f of incidents) assert.match(f.text, /ATT&CK: T1110\.001 Password Guessing/);
    });
  });
});

describe('ai-soc-triage-assistant sample', () => {
  it('most critical: the credential compromise of alice from 198.51.100.10, with its evidence', async (t) => {
    await analysed(t, ['prior-art', 'ai-soc-triage-assistant', 'sample_logs.jsonl'], async (store) => {
      const facts = await ask(store, 'What is the most critical threat detected?');
      const top = factOf(facts, 'most-critical.incident');
      const names = top.entities.map((e) => e.value);
      const compromise = names.includes('198.51.100.10') && names.includes('alice');
      const dumping = names.includes('bob') && names.includes('wkst-02');
      assert.ok(compromise || dumping, top.text);
      assert.ok(compromise, 'the brute force that succeeded ranks first (critical)');
      assert.match(top.text, /198\.51\.100\.10.*alice.*srv-web-01/);
      const logins = factOf(facts, 'most-critical.logins');
      assert.deepEqual([logins.data.failedAttempts, logins.data.successes, logins.data.successUsers], [30, 1, ['alice']]);
      const evidence = citedEvents(store, factOf(facts, 'most-critical.evidence'));
      assert.ok(evidence.length > 0 && evidence.every((e) => e.source?.ip === '198.51.100.10'));
      assert.ok(citedEvents(store, logins).some((e) => e.user?.name === 'alice' && e.event.outcome === 'success'));
      assert.match(factOf(facts, 'most-critical.next').text, /Mimikatz credential dumping on wkst-02/);
    });
  });
});
