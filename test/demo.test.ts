import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { writeDemo, type DemoResult, type TruthScenario } from '../src/demo/index.ts';

interface Truth {
  generator: string;
  seed: number;
  start: string;
  end: string;
  files: { path: string; format: string; events: number }[];
  scenarios: TruthScenario[];
}

const FILES = ['auth.log', 'access.log', 'firewall.log', 'windows.jsonl', 'zeek/conn.log', 'zeek/dns.log', 'truth.json'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SYSLOG = /^([A-Z][a-z]{2}) ([ \d]\d) (\d\d):(\d\d):(\d\d) /;
const NGINX = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) \+0000\]/;

const temps: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-'));
  temps.push(dir);
  return dir;
}

function read(dir: string, file: string): string {
  if (file !== 'truth.json' && !file.startsWith('logs/')) file = `logs/${file}`;
  return fs.readFileSync(path.join(dir, file), 'utf8');
}

/** Data records of a file: no Zeek `#` header/footer lines, no trailing empty line. */
function records(dir: string, file: string): string[] {
  return read(dir, file).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

function truthOf(dir: string): Truth {
  return JSON.parse(read(dir, 'truth.json')) as Truth;
}

/** Event time in ms (seconds resolution for syslog/nginx, as the formats carry). */
function timeOf(file: string, line: string): number {
  if (file.endsWith('.jsonl')) return Date.parse((JSON.parse(line) as { '@timestamp': string })['@timestamp']);
  if (file.startsWith('zeek/')) return Number(line.slice(0, line.indexOf('\t'))) * 1000;
  if (file === 'access.log') {
    const m = NGINX.exec(line);
    assert.ok(m, `nginx time in ${line}`);
    return Date.UTC(Number(m[3]), MONTHS.indexOf(m[2] ?? ''), Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  const m = SYSLOG.exec(line);
  assert.ok(m, `syslog time in ${line}`);
  return Date.UTC(2026, MONTHS.indexOf(m[1] ?? ''), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

function linesOf(dir: string, file: string, scenario: TruthScenario): string[] {
  return records(dir, file).filter((line) => scenario.markers.some((marker) => line.includes(marker)));
}

function scenario(truth: Truth, id: number): TruthScenario {
  const found = truth.scenarios.find((s) => s.id === id);
  assert.ok(found, `scenario ${id}`);
  return found;
}

function benignTotal(truth: Truth): number {
  const attack = truth.scenarios.reduce((sum, s) => sum + Object.values(s.expected_events).reduce((a, b) => a + b, 0), 0);
  return truth.files.reduce((sum, f) => sum + f.events, 0) - attack;
}

describe('vigil demo data generator', () => {
  let dirA = '';
  let dirB = '';
  let result: DemoResult | undefined;

  before(async () => {
    dirA = tempDir();
    dirB = tempDir();
    result = await writeDemo(dirA, { volume: 4000, seed: 7 });
    await writeDemo(dirB, { volume: 4000, seed: 7 });
  });

  after(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reports every file it wrote', () => {
    assert.ok(result);
    assert.equal(result.scenarios, 10);
    assert.equal(result.truthPath, path.join(dirA, 'truth.json'));
    for (const file of result.files) {
      assert.ok(fs.existsSync(file.path), file.path);
      assert.equal(records(dirA, path.relative(dirA, file.path)).length, file.events, file.path);
    }
  });

  test('the same seed writes byte-identical files', () => {
    for (const file of FILES) assert.equal(read(dirA, file), read(dirB, file), file);
  });

  test('a different seed writes different files', async () => {
    const dir = tempDir();
    await writeDemo(dir, { volume: 4000, seed: 8 });
    for (const file of FILES) assert.notEqual(read(dir, file), read(dirA, file), file);
  });

  test('every file is in time order inside the span', () => {
    const truth = truthOf(dirA);
    const start = Date.parse(truth.start);
    const end = Date.parse(truth.end);
    for (const file of FILES.slice(0, -1)) {
      let last = -Infinity;
      for (const line of records(dirA, file)) {
        const t = timeOf(file, line);
        assert.ok(t >= last, `${file} out of order at ${line.slice(0, 80)}`);
        assert.ok(t >= start - 1000 && t < end, `${file} outside the span: ${line.slice(0, 80)}`);
        last = t;
      }
    }
  });

  test('file formats: Zeek headers, JSON lines, syslog padding', () => {
    for (const log of ['conn', 'dns']) {
      const text = read(dirA, `zeek/${log}.log`).split('\n');
      assert.equal(text[0], '#separator \\x09');
      assert.equal(text[4], `#path\t${log}`);
      const fields = (text[6] ?? '').split('\t').length - 1;
      assert.equal((text[7] ?? '').split('\t').length - 1, fields);
      assert.match(text[text.length - 2] ?? '', /^#close\t\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d$/);
      for (const line of records(dirA, `zeek/${log}.log`)) assert.equal(line.split('\t').length, fields, line);
    }
    for (const line of records(dirA, 'windows.jsonl')) {
      const doc = JSON.parse(line) as { winlog: { event_id: string; channel: string; provider_name: string; computer_name: string }; event: { code: string }; host: { name: string } };
      assert.equal(doc.event.code, doc.winlog.event_id);
      assert.ok(doc.winlog.channel !== '' && doc.winlog.provider_name !== '' && doc.winlog.computer_name.startsWith(doc.host.name));
    }
    const early = records(dirA, 'auth.log')[0] ?? '';
    assert.match(early, /^Nov 20 \d\d:\d\d:\d\d /);
  });

  test('single-digit days are space padded', async () => {
    const dir = tempDir();
    await writeDemo(dir, { volume: 300, seed: 1, start: new Date('2026-11-05T00:00:00Z'), hours: 2 });
    for (const line of records(dir, 'auth.log')) assert.match(line, /^Nov {2}5 \d\d:\d\d:\d\d /);
  });

  test('truth is consistent with the files', () => {
    const truth = truthOf(dirA);
    assert.equal(truth.generator, 'vigil demo');
    assert.equal(truth.seed, 7);
    for (const s of truth.scenarios) {
      assert.match(s.technique, /^T\d{4}(\.\d{3})?$/);
      assert.ok(s.first_seen <= s.last_seen && s.first_seen >= truth.start && s.last_seen < truth.end, `scenario ${s.id} times`);
      assert.deepEqual(s.files, Object.keys(s.expected_events));
      for (const ip of s.source_ips) assert.ok(s.files.some((f) => read(dirA, f).includes(ip)), `scenario ${s.id} ip ${ip}`);
      for (const file of FILES.slice(0, -1)) {
        assert.equal(linesOf(dirA, file, s).length, s.expected_events[file] ?? 0, `scenario ${s.id} in ${file}`);
      }
    }
    const ids = truth.scenarios.map((s) => s.id);
    assert.deepEqual(ids, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ips = truth.scenarios.flatMap((s) => s.source_ips);
    assert.equal(new Set(ips).size, ips.length, 'attacker IPs are distinct');
  });

  test('volume scales the benign record count', async () => {
    const small = benignTotal(truthOf(dirA));
    assert.ok(Math.abs(small - 4000) < 4000 * 0.05, `benign ${small} for volume 4000`);
    const dir = tempDir();
    await writeDemo(dir, { volume: 12_000, seed: 7 });
    const large = benignTotal(truthOf(dir));
    assert.ok(Math.abs(large - 12_000) < 12_000 * 0.05, `benign ${large} for volume 12000`);
  });
});

describe('demo attack scenarios', () => {
  let dir = '';
  let truth: Truth;

  before(async () => {
    dir = tempDir();
    await writeDemo(dir, { volume: 2000, seed: 3 });
    truth = truthOf(dir);
  });

  test('1: brute force, at least 40 failures and no success', () => {
    const lines = linesOf(dir, 'auth.log', scenario(truth, 1));
    assert.ok(lines.filter((l) => l.includes('Failed password for root')).length >= 40);
    assert.ok(lines.some((l) => l.includes('message repeated 5 times: [ Failed password')));
    assert.ok(!lines.some((l) => l.includes('Accepted')));
  });

  test('2: failures then an accepted password for the same user and IP', () => {
    const s = scenario(truth, 2);
    const lines = linesOf(dir, 'auth.log', s);
    const accepted = lines.findIndex((l) => l.includes(`Accepted password for oracle from ${s.source_ips[0] ?? ''}`));
    assert.ok(accepted > 20, 'accepted after the failures');
    assert.ok(lines.slice(0, accepted).filter((l) => l.includes('Failed password for oracle')).length >= 20);
  });

  test('3: spraying, at least 15 users with one or two tries each', () => {
    const tries = new Map<string, number>();
    for (const line of linesOf(dir, 'auth.log', scenario(truth, 3))) {
      const m = /Failed password for (?:invalid user )?(\S+) from/.exec(line);
      const repeated = /message repeated (\d+) times/.exec(line)?.[1];
      if (m?.[1] !== undefined) tries.set(m[1], (tries.get(m[1]) ?? 0) + Number(repeated ?? 1));
    }
    assert.ok(tries.size >= 15, `${tries.size} users`);
    for (const [user, n] of tries) assert.ok(n >= 1 && n <= 2, `${user}: ${n}`);
  });

  test('4: port scan, 50+ ports blocked by UFW, REJ and S0 in Zeek', () => {
    const s = scenario(truth, 4);
    const ports = new Set(linesOf(dir, 'firewall.log', s).map((l) => /DPT=(\d+)/.exec(l)?.[1]));
    assert.ok(ports.size >= 50, `${ports.size} ports`);
    const states = new Set(linesOf(dir, 'zeek/conn.log', s).map((l) => l.split('\t')[11]));
    assert.ok(states.has('REJ') && states.has('S0'));
  });

  test('5: web scan, sensitive files, traversal, SQLi, XSS, scanner agents', () => {
    const lines = linesOf(dir, 'access.log', scenario(truth, 5));
    for (const needle of ['/.env ', '/.git/config', '/backup.zip', '/wp-admin', '/phpmyadmin', '../../etc/passwd',
      "' OR 1=1", "'+OR+'1'='1'--", 'UNION', '%27%20OR%201%3D1--', '<script>alert(1)</script>', '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
      'sqlmap/', 'Nikto/']) {
      assert.ok(lines.some((l) => l.includes(needle) || decodeURIComponent(l).includes(needle)), needle);
    }
    const statuses = lines.map((l) => Number(/" (\d{3}) /.exec(l)?.[1]));
    assert.ok(statuses.filter((n) => n === 404).length > lines.length / 2);
    assert.equal(lines.filter((l) => l.includes('"GET /.git/config HTTP/1.1" 200 ')).length, 1);
  });

  test('6–10: Windows scenarios carry the telltale events', () => {
    const win = (id: number) => linesOf(dir, 'windows.jsonl', scenario(truth, id)).join('\n');
    const dump = win(6);
    for (const needle of ['sekurlsa::logonpasswords', 'lsass.exe', 'comsvcs.dll, MiniDump', 'reg save HKLM\\\\SAM']) assert.ok(dump.includes(needle), needle);
    const lateral = win(7);
    for (const needle of ['"LogonType":"3"', '"IpAddress":"10.10.30.77"', '"code":"7045"', '"code":"4697"', '"ParentImage":"C:\\\\Windows\\\\PSEXESVC.exe"']) {
      assert.ok(lateral.includes(needle), needle);
    }
    const encoded = /-enc ([A-Za-z0-9+/=]+)/.exec(win(8))?.[1] ?? '';
    assert.match(Buffer.from(encoded, 'base64').toString('utf16le'), /^IEX \(New-Object Net\.WebClient\)\.DownloadString/);
    const admin = win(9);
    assert.ok(admin.includes('"code":"4720"') && admin.includes('"code":"4732"') && admin.includes('"TargetUserName":"Administrators"'));
    const linux = linesOf(dir, 'auth.log', scenario(truth, 9)).join('\n');
    assert.ok(linux.includes('useradd[') && linux.includes('groupadd[') && linux.includes('usermod -aG sudo'));
    const cleared = win(10);
    assert.ok(cleared.includes('"code":"1102"') && cleared.includes('"code":"104"'));
  });
});
