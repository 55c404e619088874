import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { percent, sharedPath } from './shared-data.ts';

/**
 * CrowdSec hub scenario tests (ssh, http, port-scan, network-service and other login brute-force families) replayed through Vigil's built-in pack:
 * a test passes when every source IP CrowdSec expects to be flagged appears in one of our incidents, and
 * when CrowdSec expects nothing, we raise nothing. CrowdSec's thresholds differ from ours (its ssh-bf
 * fires at 6 failures, ours at 10), so the rate is reported, and guarded against regressions only.
 */

const dirs = tempDirs('crowdsec-scenarios');
const SSH = /(^|\/)ssh[-_]/i;
const SCAN = /scan-multi|port-?scan/i;
const HTTP = /(^|\/)http[-_]|http-|_http/i;
/** Brute force against mail, FTP, database, VPN, Samba and Proxmox logins (CrowdSec's `<service>-bf` scenarios; its mail spam scenarios are not ours). */
const SERVICE = /(^|\/)(dovecot|postfix|exim|vsftpd|proftpd|pureftpd|mariadb|mysql|pgsql|mssql|openvpn|dropbear|smb|proxmox)[-_]?(bf|user[-_]enum)/i;
/** Any other login brute force: web applications, identity providers, media servers, appliances' GUIs (`<app>-bf`, user enumeration). */
const LOGIN = /[-_](bf|bruteforce|user[-_]?enum(eration)?)(\.ya?ml)?$|[-_]auth(\.ya?ml)?$/i;

/** CrowdSec writes IPv6 sources uncompressed; our events hold the canonical (RFC 5952) form, and IPv4-mapped ones as IPv4. */
function canonicalIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const canonical = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (mapped === null) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function familyOf(scenario: string): string {
  if (SSH.test(scenario)) return 'ssh';
  if (SCAN.test(scenario)) return 'scan';
  if (SERVICE.test(scenario)) return 'service';
  if (HTTP.test(scenario)) return 'http';
  return 'login';
}

interface ScenarioCase {
  name: string;
  family: string;
  log: string;
  expected: number;
  ips: string[];
}

function cases(root: string): ScenarioCase[] {
  const out: ScenarioCase[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    const configPath = join(dir, 'config.yaml');
    const assertPath = join(dir, 'scenario.assert');
    if (!existsSync(configPath) || !existsSync(assertPath)) continue;
    const config = readFileSync(configPath, 'utf8');
    const scenarios = /scenarios:\n((?:\s*(?:-.*|#.*)\n)+)/.exec(config)?.[1] ?? '';
    const names = [...scenarios.matchAll(/^\s*-\s*"?([^"\n]+?)"?\s*$/gm)].map((m) => m[1]!).filter((s) => s !== '');
    const family = names.find((s) => SSH.test(s) || SCAN.test(s) || HTTP.test(s) || SERVICE.test(s)) ?? names.find((s) => LOGIN.test(s));
    const logFile = /log_file:\s*(\S+)/.exec(config)?.[1];
    if (family === undefined || logFile === undefined) continue;
    const asserts = readFileSync(assertPath, 'utf8');
    // Most asserts state `len(results) == N`; a few only assert each result's sources: count those results.
    const stated = /len\(results\)\s*==\s*(\d+)/.exec(asserts)?.[1];
    const expected = stated === undefined ? new Set([...asserts.matchAll(/results\[(\d+)\]/g)].map((m) => m[1])).size : Number(stated);
    const ips = [...new Set([...asserts.matchAll(/"([^"]+)" in results\[\d+\]\.Overflow\.GetSources\(\)/g)].map((m) => canonicalIp(m[1]!)))];
    out.push({ name, family: familyOf(family), log: join(dir, logFile), expected, ips });
  }
  return out;
}

test('CrowdSec ssh/http/port-scan/network-service/login scenario tests through the built-in pack', async (t) => {
  const root = sharedPath(t, 'crowdsec-hub', '.tests');
  if (root === undefined) return;
  const all = cases(root);
  const results: { c: ScenarioCase; pass: boolean; flagged: string[] }[] = [];
  for (const c of all) {
    const store = openStore(join(dirs.fresh(), 'v.db'));
    try {
      await ingest(store, [c.log], { tz: 'UTC', year: 2024, actor: 'test' });
      const findings = analyzeStore(store, { actor: 'test' });
      const flagged = [...new Set(findings.incidents.flatMap((i) => i.entities.source_ip))].sort();
      const pass = c.expected === 0 ? findings.incidents.length === 0 : c.ips.every((ip) => flagged.includes(ip));
      results.push({ c, pass, flagged });
    } finally {
      store.close();
    }
  }
  for (const family of ['ssh', 'http', 'scan', 'service', 'login']) {
    const mine = results.filter((r) => r.c.family === family);
    const passed = mine.filter((r) => r.pass).length;
    t.diagnostic(`${family}: ${passed}/${mine.length} pass (${percent(passed, mine.length).toFixed(1)} %)`);
  }
  for (const r of results.filter((x) => !x.pass)) {
    t.diagnostic(`miss ${r.c.name}: expected ${r.c.expected} alert(s) for [${r.c.ips.join(', ')}], flagged [${r.flagged.join(', ')}]`);
  }
  const passed = results.filter((r) => r.pass).length;
  t.diagnostic(`all: ${passed}/${results.length} (${percent(passed, results.length).toFixed(1)} %)`);
  const first = results.filter((r) => r.c.family !== 'login');
  const firstPassed = first.filter((r) => r.pass).length;
  assert.ok(first.length >= 40, `${first.length} ssh/http/scan/service scenario tests found`);
  assert.ok(percent(firstPassed, first.length) >= 78, 'ssh/http/scan/service regression floor, set just under the measured rate (60 of 76; 59 before requests told in plain text were read)');
  const logins = results.filter((r) => r.c.family === 'login');
  assert.ok(logins.length >= 90 && logins.filter((r) => r.pass).length >= 69, 'other login brute force: 69 of 95 measured (68 before CouchDB\'s log was read; 67 before ConfigServer lfd\'s blocks were read; 66 before FreeSWITCH\'s own log was read; 65 before second factors and Vaultwarden\'s admin token were login words; 64 before applications\' own brute-force defences were read; 63 before Cowrie honeypot logs were read; 62 before GitLab request logs were read; 61 before WireGuard handshake failures were read; 59 before Asterisk security events were read; 57 before strongSwan charon SAs were followed; 55 before Inspektr audit records (Apereo CAS) were read; 52 before Exchange protocol logs were read; 51 before the Webmin actions log was read; 50 before FortiGate VPN failures fed the service rule; 39 before error-log logins, auth wording, Teleport and MongoDB records were read; 4 before logins told in words)');
  const services = results.filter((r) => r.c.family === 'service');
  assert.ok(services.length >= 12 && services.filter((r) => r.pass).length >= 11, 'network-service brute force: 11 of 13 measured');
});
