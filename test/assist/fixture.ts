import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatherFacts, planQuestion, storePlanOptions } from '../../src/assist/facts/index.ts';
import type { AnalysisMode, Fact, Plan } from '../../src/schema/assist.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore, type Store } from '../../src/store/index.ts';

/**
 * A small store built with the real pipeline (ingest + analyze): one SSH gateway and its firewall.
 * - 203.0.113.50: 12 failed passwords for root in one minute, then an accepted password (brute force, then success)
 * - 198.51.100.7: `Invalid user admin`, one failed password, then `message repeated 3 times` (4 attempts)
 * - 10.0.0.8: 2 failed passwords for alice, then her accepted password (a typo, internal)
 * - 192.0.2.99: one failed password for an invalid user whose name is hostile (ANSI escape, Markdown, HTML)
 * - 185.220.101.42: 12 blocked connections to 12 ports (a port scan)
 */

export const HOSTILE_USER = 'e\u001b[31mvil_*[x](http://a.b)<i>';

const SSH = [
  ...Array.from({ length: 12 }, (_, i) => `Mar  5 10:00:${String(i * 5).padStart(2, '0')} gw-01 sshd[100]: Failed password for root from 203.0.113.50 port ${String(40001 + i)} ssh2`),
  'Mar  5 10:02:00 gw-01 sshd[101]: Accepted password for root from 203.0.113.50 port 40100 ssh2',
  'Mar  5 11:00:00 gw-01 sshd[200]: Invalid user admin from 198.51.100.7 port 5000',
  'Mar  5 11:00:01 gw-01 sshd[200]: Failed password for invalid user admin from 198.51.100.7 port 5000 ssh2',
  'Mar  5 11:00:05 gw-01 sshd[200]: message repeated 3 times: [ Failed password for invalid user admin from 198.51.100.7 port 5000 ssh2]',
  'Mar  5 12:00:00 gw-01 sshd[300]: Failed password for alice from 10.0.0.8 port 5100 ssh2',
  'Mar  5 12:00:10 gw-01 sshd[300]: Failed password for alice from 10.0.0.8 port 5100 ssh2',
  'Mar  5 12:00:20 gw-01 sshd[301]: Accepted password for alice from 10.0.0.8 port 5101 ssh2',
  `Mar  5 13:00:00 gw-01 sshd[400]: Invalid user ${HOSTILE_USER} from 192.0.2.99 port 6000`,
  `Mar  5 13:00:01 gw-01 sshd[400]: Failed password for invalid user ${HOSTILE_USER} from 192.0.2.99 port 6000 ssh2`,
];

const PORTS = [21, 22, 23, 25, 80, 110, 143, 443, 445, 3306, 3389, 8080];
const FIREWALL = PORTS.map(
  (port, i) =>
    `Mar  5 14:00:${String(i * 3).padStart(2, '0')} gw-01 kernel: [UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:3a:1f:05:00:1c:73:00:00:99:08:00 SRC=185.220.101.42 DST=10.0.0.1 LEN=40 TOS=0x00 PREC=0x00 TTL=42 ID=1 PROTO=TCP SPT=40000 DPT=${String(port)} WINDOW=1024 RES=0x00 SYN URGP=0`,
);

export const FIXTURE = {
  failedAttempts: 19,
  failedRecords: 17,
  attemptsByIp: { '203.0.113.50': 12, '198.51.100.7': 4, '10.0.0.8': 2, '192.0.2.99': 1 } as Record<string, number>,
  scanner: '185.220.101.42',
  scannedPorts: PORTS.length,
};

export async function fixtureStore(dir: string): Promise<Store> {
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(join(logs, 'auth.log'), `${SSH.join('\n')}\n`);
  writeFileSync(join(logs, 'ufw.log'), `${FIREWALL.join('\n')}\n`);
  const store = openStore(join(dir, 'vigil.db'));
  await ingest(store, [logs], { tz: 'UTC', year: 2024, actor: 'test' });
  analyzeStore(store, { actor: 'test' });
  return store;
}

export async function ask(store: Store, question: string, mode: AnalysisMode = 'basic'): Promise<{ plan: Plan; facts: Fact[] }> {
  const plan = planQuestion(question, mode, storePlanOptions(store.db));
  const facts = await gatherFacts({ db: store.db, analyses: store.analyses }, plan);
  return { plan, facts };
}

export function factOf(facts: readonly Fact[], kind: string): Fact {
  const fact = facts.find((f) => f.kind === kind);
  if (fact === undefined) throw new Error(`no ${kind} fact among ${facts.map((f) => f.kind).join(', ')}`);
  return fact;
}
