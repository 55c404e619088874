import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { writeDemo, type DemoResult } from '../../src/demo/index.ts';
import { fileTimev, utf16, writeEvtx, type TemplateNode } from '../helpers/evtx-writer.ts';
import { tempDirs } from '../helpers/temp.ts';
import type { Attributed, PageGlobals, Scrollable } from './dom.ts';
import { browserSkipReason, launchBrowser, login, newPage, screenshot, startE2eServer, type E2eServer, type PageWatch } from './harness.ts';

/**
 * An analyst's shift in the browser, against the real server: log in, upload the demo logs (drag and drop
 * and the file picker), watch them ingested and analysed, read the dashboard and brush a time range, open
 * an incident, pivot on its IP to the events, page through the events explorer, and check the audit log.
 */

const skip = browserSkipReason();
const temp = tempDirs('e2e-workflow');
let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
let demo: DemoResult;

before(async () => {
  if (skip !== undefined) return;
  const dir = temp.fresh();
  demo = await writeDemo(join(dir, 'demo'), { volume: 2000, seed: 11 });
  server = await startE2eServer(dir);
  browser = await launchBrowser();
  ({ context, page, watch } = await newPage(browser, server.base));
});

after(async () => {
  if (skip !== undefined) return;
  await context.close();
  await browser.close();
  await server.app.close();
});

const cellTexts = (selector: string) => page.locator(selector).allInnerTexts();

/**
 * Waits, polling from here, until the texts of `selector` satisfy `done` (at most `timeout` ms). Not
 * `page.waitForFunction` with a string: the page's Trusted Types policy blocks the eval that polls it, which both
 * ended the wait early and was recorded as a violation.
 */
async function waitForTexts(selector: string, done: (texts: string[]) => boolean, timeout = 15_000): Promise<void> {
  for (const until = Date.now() + timeout; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (done(await cellTexts(selector))) return;
  }
}

describe('analyst workflow in the browser', { skip }, () => {
  it('refuses a wrong token and logs in with a real one', async () => {
    await page.goto(`${server.base}/`);
    await page.fill('#token', 'vgl_not-a-real-token');
    await page.click('form[aria-label="log in"] button[type=submit]');
    await page.getByRole('alert').filter({ hasText: 'invalid or revoked token' }).waitFor();
    await login(page, server.base, server.secrets.analyst);
    await page.locator('.who').filter({ hasText: 'analyst' }).waitFor();
    await page.locator('[data-testid=counters]').waitFor();
    await screenshot(page, 'login-then-empty-dashboard');
  });

  it('uploads the demo logs by drag and drop and with the file picker: per-file results, then incidents', async () => {
    await page.click('nav >> text=Upload');
    const dropped = demo.files.slice(0, 2);
    const picked = demo.files.slice(2);
    const transfer = await page.evaluateHandle((files) => {
      const g = globalThis as unknown as PageGlobals;
      const data = new g.DataTransfer();
      for (const file of files) data.items.add(new g.File([file.content], file.name));
      return data;
    }, dropped.map((f) => ({ name: basename(f.path), content: readFileSync(f.path, 'utf8') })));
    await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer: transfer });
    await page.setInputFiles('[data-testid=file-input]', picked.map((f) => f.path));
    for (const file of demo.files) {
      const row = page.locator(`tr.upload-row[data-file="${basename(file.path)}"]`);
      await row.and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
      const result = await row.locator('[data-testid=file-result]').innerText();
      assert.match(result, new RegExp(`^${file.format}\\b`), `${file.path}: format detected`);
      assert.match(result, new RegExp(`\\b${file.events.toLocaleString('en-US')} events\\b`), `${file.path}: ${result}`);
      assert.match(result, /\b0 errors\b/);
    }
    const status = page.locator('[data-testid=analysis-status]');
    await status.filter({ hasText: 'Analysis done' }).waitFor({ timeout: 90_000 });
    const incidents = Number(/(\d+) incidents/.exec(await status.innerText())?.[1]);
    assert.ok(incidents >= 5, `the demo's attacks give incidents (got ${incidents})`);
    await screenshot(page, 'upload');
    await status.getByRole('link', { name: 'View incidents' }).click();
    await page.locator('tr[data-incident]').first().waitFor();
    assert.equal(await page.locator('tr[data-incident]').count(), incidents);
    await screenshot(page, 'incidents');
  });

  it('shows live counters, the timeline and threats; a brush on the timeline sets the range everywhere', async () => {
    await page.click('nav >> text=Dashboard');
    const total = demo.files.reduce((sum, f) => sum + f.events, 0);
    await page.locator('.stat', { hasText: 'events' }).filter({ hasText: total.toLocaleString('en-US') }).first().waitFor();
    await page.locator('.timeline-chart canvas').first().waitFor();
    await page.locator('.bars-chart canvas').first().waitFor();
    await page.locator('.top-list .entity').first().waitFor();
    assert.ok((await cellTexts('.top-list .entity')).length > 0, 'top sources, users and hosts are listed');
    await screenshot(page, 'dashboard');
    // The range's timeline answer is held back until the counter has been read: until it arrives, the counter
    // must say it is counting, never show the previous (all-time) total as the range's.
    const gate: { open?: () => void } = {};
    const released = new Promise<void>((resolve) => (gate.open = resolve));
    const rangeTimeline = (url: URL) => url.pathname === '/api/timeline' && url.searchParams.has('since');
    await page.route(rangeTimeline, async (route) => {
      await released;
      await route.continue();
    });
    const box = (await page.locator('.timeline-chart').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
    await page.mouse.up();
    await page.waitForURL(/since=.*until=/);
    const url = new URL(page.url());
    const since = Date.parse(url.searchParams.get('since')!);
    const until = Date.parse(url.searchParams.get('until')!);
    assert.ok(since < until, 'a forward range');
    const rangeValue = page.locator('.stat', { hasText: 'events in range' }).locator('.stat-value');
    await rangeValue.waitFor();
    assert.equal(await rangeValue.innerText(), 'counting the range…', 'while the range is counted, no number (the old total) is shown for it');
    assert.equal(await page.locator('.stat', { hasText: 'alerts in range' }).locator('.stat-value').innerText(), 'counting the range…');
    gate.open?.();
    await rangeValue.filter({ hasText: /^[\d,]+$/ }).waitFor();
    await page.unroute(rangeTimeline);
    const inRange = Number((await rangeValue.innerText()).replace(/,/g, ''));
    assert.ok(inRange > 0 && inRange < total, `the range holds part of the events (${inRange} of ${total})`);
    await screenshot(page, 'dashboard-range');
    await page.click('nav >> text=Events');
    await page.waitForURL(/\/events\?.*since=/);
    await page.locator('[data-testid=event-count]').filter({ hasText: 'events' }).waitFor();
    const shown = Number((await page.locator('[data-testid=event-count]').innerText()).replace(/[^0-9]/g, ''));
    assert.equal(shown, inRange, 'the events explorer shows the range the brush selected');
    const times = await cellTexts('.scroll-space .cell-time');
    for (const t of times) assert.ok(Date.parse(`${t.replace(' ', 'T')}Z`) >= since && Date.parse(`${t.replace(' ', 'T')}Z`) < until, `${t} in range`);
    await page.click('[data-testid=clear-range]');
    await page.waitForURL((u) => !u.search.includes('since='));
  });

  it('opens an incident: narrative, factors, ATT&CK links, exports; an IP pivots to its events and their records', async () => {
    await page.click('nav >> text=Incidents');
    await page.locator('tr[data-incident]').first().click();
    await page.locator('.incident-head h1').waitFor();
    assert.ok((await page.locator('.narrative').innerText()).length > 40, 'a narrative');
    assert.ok((await page.locator('.panel', { hasText: 'Severity factors' }).locator('tbody tr').count()) >= 2);
    const techniques = page.locator('a.technique');
    assert.ok((await techniques.count()) > 0);
    for (const link of await techniques.all()) {
      assert.match((await link.getAttribute('href'))!, /^https:\/\/attack\.mitre\.org\/techniques\/T\d{4}(\/\d{3})?\/$/);
      assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
      assert.equal(await link.getAttribute('target'), '_blank');
    }
    assert.ok((await page.locator('.recommendations li').count()) > 0, 'recommended actions');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-export=md]')]);
    const markdown = readFileSync(await download.path(), 'utf8');
    assert.match(download.suggestedFilename(), /^vigil-incident-[0-9a-f]{16}\.md$/);
    assert.match(markdown, /^# /);
    await screenshot(page, 'incident');
    const ip = page.locator('.entities a.entity[data-entity=source_ip]').first();
    const address = await ip.innerText();
    await ip.click();
    await page.waitForURL(/\/events\?filter=source\.ip%3D/);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    const sources = await cellTexts('.scroll-space .cell-source');
    assert.ok(sources.length > 0);
    for (const s of sources) assert.equal(s, address, 'only the pivoted IP’s events');
    await page.locator('.scroll-space [data-event]').first().click();
    const original = await page.locator('[data-testid=original]').innerText();
    assert.ok(original.includes(address), 'the original record of the event');
    await screenshot(page, 'events-drawer');
  });

  it('scrolls the events explorer through cursor pages while only the visible rows exist', async () => {
    await page.goto(`${server.base}/events`);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    await page.locator('.panel-head', { hasText: '200 loaded' }).waitFor();
    const scroller = page.locator('[data-testid=events-scroller]');
    for (const loaded of [400, 600]) {
      await scroller.evaluate((el: Scrollable) => el.scrollTo(0, el.scrollHeight));
      await page.locator('.panel-head', { hasText: `${loaded} loaded` }).waitFor();
    }
    const rendered = await page.locator('.scroll-space [data-event]').count();
    assert.ok(rendered < 120, `virtualised: ${rendered} rows in the DOM for 600 loaded`);
    const ids = await page.locator('.scroll-space [data-event]').evaluateAll((rows: Attributed[]) => rows.map((r) => r.getAttribute('data-event')));
    assert.equal(new Set(ids).size, ids.length, 'no event twice across pages');
    await page.fill('input[aria-label="search words"]', 'Failed password');
    await page.press('input[aria-label="search words"]', 'Enter');
    await page.waitForURL(/q=Failed/);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    // The URL changes before the search's first page replaces the rows shown: wait for that page (on a loaded
    // machine the old rows were still there when read).
    await waitForTexts('.scroll-space .cell-message', (messages) => messages.length > 0 && messages.every((text) => /Failed password/i.test(text)));
    for (const message of await cellTexts('.scroll-space .cell-message')) assert.match(message, /Failed password/i);
    await screenshot(page, 'events');
  });

  it('shows the audit log with the uploads, logins and exports, its chain verified, and downloads it', async () => {
    await page.click('nav >> text=Audit log');
    await page.locator('[data-testid=chain-status]').filter({ hasText: 'Hash chain intact' }).waitFor();
    // The chain's verification and the table are fetched apart: the status can show before the rows do.
    const expected = ['login', 'auth-failed', 'upload', 'analysis-request', 'export'];
    await waitForTexts('.audit-table tbody .tag', (tags) => expected.every((action) => tags.includes(action)));
    const actions = new Set(await cellTexts('.audit-table tbody .tag'));
    for (const action of expected) assert.ok(actions.has(action), `${action} audited (${[...actions].join(', ')})`);
    await page.fill('input[aria-label="action"]', 'upload');
    await page.click('form[aria-label="audit filters"] button[type=submit]');
    await page.waitForURL(/action=upload/);
    await page.locator('.audit-table tbody tr').first().waitFor();
    // The URL changes before the filtered page replaces the rows shown (a CI run read the old ones): wait for it.
    await waitForTexts('.audit-table tbody .tag', (tags) => tags.length > 0 && tags.every((tag) => tag === 'upload'));
    assert.deepEqual(new Set(await cellTexts('.audit-table tbody .tag')), new Set(['upload']));
    assert.equal(await page.locator('.audit-table tbody tr').count(), demo.files.length, 'one upload per file');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const csv = readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^seq,at,actor,action,target,details,prev_hash,hash\r?\n/);
    assert.equal(csv.trim().split(/\r?\n/).length, demo.files.length + 1);
    await screenshot(page, 'audit');
  });

  it('shows settings and lets an admin create and revoke a token', async () => {
    const admin = await newPage(browser, server.base);
    try {
      await login(admin.page, server.base, server.secrets.admin);
      await admin.page.click('nav >> text=Settings');
      await admin.page.locator('[data-testid=llm-reachable]').waitFor();
      assert.match(await admin.page.locator('.panel', { hasText: 'LLM provider' }).innerText(), /No data leaves this machine/);
      await admin.page.fill('input[aria-label="token name"]', 'e2e-carol');
      await admin.page.selectOption('select[aria-label="role"]', 'viewer');
      await admin.page.click('text=Create token');
      const secret = await admin.page.locator('input[aria-label="new token secret"]').inputValue();
      assert.match(secret, /^vgl_/);
      await screenshot(admin.page, 'settings');
      const row = admin.page.locator('tr', { hasText: 'e2e-carol' });
      await row.getByRole('button', { name: 'revoke', exact: true }).click();
      await row.getByRole('button', { name: 'confirm revoke' }).click();
      await row.filter({ hasText: 'revoked' }).waitFor();
      const viewer = await newPage(browser, server.base);
      try {
        await viewer.page.goto(`${server.base}/`);
        await viewer.page.fill('#token', secret);
        await viewer.page.click('form[aria-label="log in"] button[type=submit]');
        await viewer.page.getByRole('alert').filter({ hasText: 'invalid or revoked token' }).waitFor();
      } finally {
        await viewer.context.close();
      }
    } finally {
      await admin.context.close();
    }
  });

  it('says when an upload is a log uploaded before under another name, and adds nothing again', async () => {
    await page.click('nav >> text=Upload');
    const largest = demo.files.reduce((a, b) => (statSync(a.path).size >= statSync(b.path).size ? a : b));
    const copy = join(temp.fresh(), `${basename(largest.path)}.1`);
    copyFileSync(largest.path, copy);
    await page.setInputFiles('[data-testid=file-input]', [copy]);
    const row = page.locator(`tr.upload-row[data-file="${basename(copy)}"]`);
    await row.and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
    assert.match(await row.locator('[data-testid=file-result]').innerText(), new RegExp(`\\b${largest.events.toLocaleString('en-US')} events · 0 new · `));
    assert.equal((await row.locator('[data-testid=same-log]').innerText()).trim(), `· the same log as ${basename(largest.path)} (grown or renamed since): only its new records were added`);
  });

  it('reads an uploaded EVTX file, and lists its events by their event data, not their XML-shaped record', async () => {
    const sub = (index: number): TemplateNode => ({ sub: index, type: 0x01 });
    const data = (name: string, index: number): TemplateNode => ({ element: 'Data', attributes: [['Name', [{ text: name }]]], children: [sub(index)] });
    const nodes: TemplateNode[] = [{
      element: 'Event',
      children: [
        { element: 'System', children: [
          { element: 'Provider', attributes: [['Name', [sub(0)]]] }, { element: 'EventID', children: [{ text: '1' }] },
          { element: 'TimeCreated', attributes: [['SystemTime', [{ sub: 1, type: 0x11 }]]] }, { element: 'Channel', children: [sub(2)] }, { element: 'Computer', children: [sub(3)] },
        ] },
        { element: 'EventData', children: [data('RuleName', 4), data('ProcessGuid', 5), data('Image', 6), data('CommandLine', 7), data('User', 8)] },
      ],
    }];
    const values = [
      utf16('Microsoft-Windows-Sysmon'), fileTimev('2026-03-01T10:00:00Z'), utf16('Microsoft-Windows-Sysmon/Operational'), utf16('WS-EVTX-01'),
      utf16('-'), utf16('{0197231E-005A-6928-A50B-000000000D00}'), utf16('C:\\Windows\\System32\\cmd.exe'), utf16('cmd.exe /c whoami evtxmarker'), utf16('CORP\\alice'),
    ];
    const file = join(temp.fresh(), 'Sysmon.evtx');
    writeFileSync(file, writeEvtx([{ template: 'sysmon-1', nodes, values }]));
    await page.click('nav >> text=Upload');
    await page.setInputFiles('[data-testid=file-input]', [file]);
    const row = page.locator('tr.upload-row[data-file="Sysmon.evtx"]');
    await row.and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
    assert.match(await row.locator('[data-testid=file-result]').innerText(), /\b1 events? · 1 new/);
    await page.goto(`${server.base}/events?q=evtxmarker`);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    assert.deepEqual(await cellTexts('.scroll-space .cell-message'), ['Image: C:\\Windows\\System32\\cmd.exe · CommandLine: cmd.exe /c whoami evtxmarker · User: CORP\\alice']);
  });

  it('reads stored events again with this version when asked, and says how many it updated', async () => {
    const file = join(temp.fresh(), 'refresh-auth.log');
    writeFileSync(file, [
      'Mar  3 10:00:01 refreshhost sshd[101]: Failed password for root from 203.0.113.77 port 40001 ssh2',
      'Mar  3 10:00:03 refreshhost sshd[101]: Accepted password for alice from 203.0.113.77 port 40002 ssh2',
    ].join('\n') + '\n');
    await page.click('nav >> text=Upload');
    const rows = page.locator('tr.upload-row[data-file="refresh-auth.log"]');
    await page.setInputFiles('[data-testid=file-input]', [file]);
    await rows.nth(0).and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
    assert.match(await rows.nth(0).locator('[data-testid=file-result]').innerText(), /\b2 events · 2 new · 0 duplicates/);
    // As an earlier version would have stored them: read without their action.
    await server.app.vigil.writes.run((store) => store.db.prepare("UPDATE events SET action = 'older-reading' WHERE host_name = 'refreshhost'").run());
    await page.check('[data-testid=refresh]');
    await page.setInputFiles('[data-testid=file-input]', [file]);
    await rows.nth(1).and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
    assert.match(await rows.nth(1).locator('[data-testid=file-result]').innerText(), /\b2 events · 0 new · 2 updated · 0 duplicates/);
    await page.uncheck('[data-testid=refresh]');
    const stale = server.app.vigil.reads.db.prepare("SELECT count(*) FROM events WHERE action = 'older-reading'").pluck().get();
    assert.equal(stale, 0);
  });

  it("reads a file in the zone of the rule its name matches under 'Zones by file name', and says so", async () => {
    const file = join(temp.fresh(), 'dc07-auth.log');
    writeFileSync(file, 'Mar  3 10:00:01 zonehost sshd[101]: Failed password for root from 203.0.113.78 port 40001 ssh2\n');
    await page.click('nav >> text=Upload');
    await page.fill('[data-testid=tz-for]', 'nothing/**=UTC\ndc07-*.log=Asia/Tokyo');
    await page.setInputFiles('[data-testid=file-input]', [file]);
    const row = page.locator('tr.upload-row[data-file="dc07-auth.log"]');
    await row.and(page.locator('.phase-done')).waitFor({ timeout: 60_000 });
    assert.match(await row.locator('[data-testid=file-zone]').innerText(), /read in Asia\/Tokyo/);
    await page.fill('[data-testid=tz-for]', '');
    const ts = server.app.vigil.reads.db.prepare("SELECT ts FROM events WHERE host_name = 'zonehost'").pluck().get() as string;
    assert.match(ts, /-03-03T01:00:01\.000Z$/, 'Tokyo is 9 hours ahead of UTC');
  });

  it('ran no script errors, no CSP or Trusted Types violations, and fetched nothing from another origin', () => {
    assert.deepEqual(watch.errors, []);
    assert.deepEqual(watch.violations, []);
    assert.deepEqual(watch.foreignRequests, []);
    assert.deepEqual(watch.dialogs, []);
  });
});
