import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ingest } from '../../src/pipeline/ingest.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { tempDirs } from '../helpers/temp.ts';
import { assertCitationsResolve, assertEntitiesComplete, citedEvents } from './citations.ts';
import { ask, factOf } from './fixture.ts';

/** "What software was installed?": the package logs of a Debian server and a Windows workstation's Installer events. */

const dirs = tempDirs('assist-software');
let store: Store;

const HISTORY = [
  'Start-Date: 2024-11-23  10:00:00',
  'Commandline: apt-get install -y nmap',
  'Requested-By: alice (1000)',
  'Install: nmap:amd64 (7.80+dfsg1-2build1), liblinear4:amd64 (2.3.0+dfsg-5, automatic)',
  'End-Date: 2024-11-23  10:00:05',
  '',
  'Start-Date: 2024-11-23  11:00:00',
  'Commandline: apt-get install ./t.deb -o Acquire::http::Proxy=http://203.0.113.9:3128',
  'Requested-By: mallory (1001)',
  'Install: <b>evil</b>:amd64 (1.2.3.4)',
  'End-Date: 2024-11-23  11:00:01',
];
const DPKG = [
  '2024-11-23 10:00:01 install nmap:amd64 <none> 7.80+dfsg1-2build1',
  '2024-11-23 10:00:02 status installed nmap:amd64 7.80+dfsg1-2build1',
  '2024-11-23 12:00:00 remove auditd:amd64 1:3.0.7-1build1 <none>',
];
const MSI = [
  { EventID: 1033, Channel: 'Application', SourceName: 'MsiInstaller', Hostname: 'WS02.corp.local', EventTime: '2024-11-23 13:00:00', Message: 'Windows Installer installed the product. Product Name: AnyDesk. Product Version: 8.0.9. Product Language: 1033. Manufacturer: philandro Software GmbH. Installation success or error status: 0.' },
  { EventID: 11707, Channel: 'Application', SourceName: 'MsiInstaller', Hostname: 'WS02.corp.local', EventTime: '2024-11-23 13:00:00', Message: 'Product: AnyDesk -- Installation completed successfully.' },
  { EventID: 1033, Channel: 'Application', SourceName: 'MsiInstaller', Hostname: 'WS02.corp.local', EventTime: '2024-11-23 13:05:00', Message: 'Windows Installer installed the product. Product Name: TeamViewer. Product Version: 15.5. Product Language: 1033. Manufacturer: TeamViewer. Installation success or error status: 1603.' },
];

before(async () => {
  const dir = dirs.fresh();
  const logs = join(dir, 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(join(logs, 'history.log'), `${HISTORY.join('\n')}\n`);
  writeFileSync(join(logs, 'dpkg.log'), `${DPKG.join('\n')}\n`);
  writeFileSync(join(logs, 'application.json'), `${MSI.map((r) => JSON.stringify(r)).join('\n')}\n`);
  store = openStore(join(dir, 'vigil.db'));
  await ingest(store, [logs], { tz: 'UTC', year: 2024, actor: 'test' });
});
after(() => store.close());

describe('software intent', () => {
  it('counts the changes and lists each install once, with the record that names the account', async () => {
    const { plan, facts } = await ask(store, 'What software was installed?');
    assert.equal(plan.intent, 'software');
    assertCitationsResolve(store, facts);
    assertEntitiesComplete(facts);
    const overview = factOf(facts, 'software.overview');
    assert.deepEqual([overview.data.changes, overview.data.installed, overview.data.removed, overview.data.failed], [8, 7, 1, 1]);
    const installed = factOf(facts, 'software.installed');
    const listed = installed.data.listed as { name: string; user: string | null; host: string | null; type: string }[];
    // AnyDesk once (1033 and 11707), nmap once (apt's record, with alice, over dpkg's), the failed TeamViewer not at all,
    // the dependency last.
    assert.deepEqual(listed.map((p) => [p.name, p.type, p.user, p.host]), [
      ['AnyDesk', 'msi', null, 'WS02.corp.local'],
      ['<b>evil</b>', 'deb', 'mallory', null],
      ['nmap', 'deb', 'alice', null],
      ['liblinear4', 'deb', 'alice', null],
    ]);
    assert.equal(installed.data.dependencies, 1);
    for (const event of citedEvents(store, installed)) assert.ok(['package-installed', 'package-reinstalled'].includes(event.event.action ?? ''));
    // An address in a command is named as an entity, and an address-like version too.
    assert.ok(installed.entities.some((e) => e.kind === 'ip' && e.value === '203.0.113.9'));
    assert.ok(installed.entities.some((e) => e.kind === 'ip' && e.value === '1.2.3.4'));
    const removed = factOf(facts, 'software.removed');
    assert.match(removed.text, /auditd 1:3\.0\.7-1build1/);
  });

  it('answers for the packages a question names', async () => {
    const { plan, facts } = await ask(store, 'Was AnyDesk installed on any workstation?');
    assert.equal(plan.intent, 'software');
    assertCitationsResolve(store, facts);
    const overview = factOf(facts, 'software.overview');
    assert.deepEqual([overview.data.packages, overview.data.changes, overview.data.installed], [['anydesk'], 2, 2]);
    const listed = factOf(facts, 'software.installed').data.listed as { name: string }[];
    assert.deepEqual(listed.map((p) => p.name), ['AnyDesk']);
    // A packager's name is not read as a package (apt is also a package of its own).
    const { facts: all } = await ask(store, 'what was installed with apt?');
    assert.deepEqual(factOf(all, 'software.overview').data.packages, []);
  });

  it('says when nothing changed within the filters', async () => {
    const { facts } = await ask(store, 'what was installed on host nosuchhost?');
    assert.deepEqual(facts.filter((f) => f.kind.startsWith('software.')).map((f) => f.kind), ['software.none']);
  });
});
