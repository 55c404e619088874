import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { tempDirs } from '../helpers/temp.ts';
import { assertInert, browserSkipReason, launchBrowser, login, newPage, screenshot, startE2eServer, type E2eServer, type PageWatch } from './harness.ts';
import { HOSTILE_FILE_NAME, IMG, IMG_NO_SPACE, JS_URL, MARKDOWN, SCRIPT, accessLog, appLog, authLog } from './hostile-logs.ts';

/**
 * Hostile log content through the whole UI: uploaded (one file under a hostile name), ingested, analysed,
 * then shown on the upload, events, incidents, dashboard, audit and chat pages. Every page shows the text
 * literally, and nothing from it runs, opens a dialog, loads or links anywhere.
 */

const skip = browserSkipReason();
const temp = tempDirs('e2e-hostile');
let server: E2eServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

before(async () => {
  if (skip !== undefined) return;
  server = await startE2eServer(temp.fresh());
  browser = await launchBrowser();
  ({ context, page, watch } = await newPage(browser, server.base));
  await login(page, server.base, server.secrets.analyst);
});

after(async () => {
  if (skip !== undefined) return;
  await context.close();
  await browser.close();
  await server.app.close();
});

/** The text is on the page as text (visible, exactly these characters). */
async function showsLiterally(text: string): Promise<void> {
  await page.getByText(text).first().waitFor();
}

describe('hostile log content in the browser', { skip }, () => {
  it('uploads hostile logs, one under a hostile file name: the name shows as text', async () => {
    await page.click('nav >> text=Upload');
    await page.setInputFiles('[data-testid=file-input]', [
      { name: 'auth.log', mimeType: 'text/plain', buffer: Buffer.from(authLog()) },
      { name: 'access.log', mimeType: 'text/plain', buffer: Buffer.from(accessLog()) },
      { name: HOSTILE_FILE_NAME, mimeType: 'application/json', buffer: Buffer.from(appLog()) },
    ]);
    await page.locator('[data-testid=analysis-status]').filter({ hasText: 'Analysis done' }).waitFor({ timeout: 90_000 });
    assert.equal(await page.locator('tr.upload-row.phase-done').count(), 3);
    await showsLiterally(HOSTILE_FILE_NAME);
    await assertInert(page, watch, 'upload page');
  });

  it('events: messages, URLs, referrers, user agents and user names show literally in the table and the drawer', async () => {
    await page.goto(`${server.base}/events?q=pwned`);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    await showsLiterally(SCRIPT);
    await showsLiterally(MARKDOWN);
    await assertInert(page, watch, 'events table');
    await page.locator('.scroll-space [data-event]', { hasText: '/search?q=' }).first().click();
    const original = await page.locator('[data-testid=original]').innerText();
    assert.ok(original.includes(SCRIPT) && original.includes(IMG) && original.includes(JS_URL), `the original record, literally: ${original}`);
    const fields = page.locator('table.fields');
    await fields.locator('tr', { hasText: 'user_agent.original' }).filter({ hasText: IMG }).waitFor();
    await fields.locator('tr', { hasText: 'http.request.referrer' }).filter({ hasText: JS_URL }).waitFor();
    await assertInert(page, watch, 'event drawer (web request)');
    await screenshot(page, 'hostile-events');
    await page.goto(`${server.base}/events?filter=user.name%3Dmallory`);
    await page.locator('.scroll-space [data-event]').first().click();
    await page.locator('table.fields tr', { hasText: 'message' }).filter({ hasText: MARKDOWN }).first().waitFor();
    await assertInert(page, watch, 'event drawer (Markdown and HTML message)');
  });

  it('incidents: a user named like a script tag is an entity, a narrative word and a pivot, all as text', async () => {
    await page.click('nav >> text=Incidents');
    const row = page.locator('tr[data-incident]', { hasText: 'Brute force' });
    await row.waitFor();
    assert.ok((await row.innerText()).includes(SCRIPT), 'the entity summary of the list');
    await assertInert(page, watch, 'incident list');
    await row.click();
    await page.locator('.narrative').filter({ hasText: SCRIPT }).waitFor();
    const entity = page.locator('.entities a.entity[data-entity=user]', { hasText: SCRIPT });
    assert.equal(await entity.innerText(), SCRIPT);
    await assertInert(page, watch, 'incident detail');
    await screenshot(page, 'hostile-incident');
    await entity.click();
    await page.waitForURL(/\/events\?filter=user\.name%3D%3Cscript%3E/);
    await page.locator('.scroll-space [data-event]').first().waitFor();
    for (const user of await page.locator('.scroll-space .cell-user').allInnerTexts()) assert.equal(user, SCRIPT);
    await assertInert(page, watch, 'pivot on the hostile user');
  });

  it('dashboard and audit log show the hostile values as text', async () => {
    await page.click('nav >> text=Dashboard');
    await page.locator('.top-list a.entity', { hasText: SCRIPT }).waitFor();
    await page.locator('.top-list a.entity', { hasText: IMG_NO_SPACE }).waitFor();
    await assertInert(page, watch, 'dashboard');
    await page.click('nav >> text=Audit log');
    await page.locator('.audit-table tbody tr', { hasText: HOSTILE_FILE_NAME }).first().waitFor();
    await assertInert(page, watch, 'audit log');
  });

  it('chat: an answer over the hostile events (Vigil’s own report, no model) shows their values as text', async () => {
    await page.click('nav >> text=Chat');
    await page.locator('button.chip.example', { hasText: 'failed login' }).click();
    const answer = page.locator('[data-testid=answer]').last();
    await answer.waitFor({ timeout: 60_000 });
    await answer.locator('.md').getByText(SCRIPT).first().waitFor();
    await answer.locator('.md').getByText(IMG_NO_SPACE).first().waitFor();
    await assertInert(page, watch, 'chat answer');
    await screenshot(page, 'hostile-chat');
    await page.fill('input[aria-label="question"]', `what did ${SCRIPT} do? ${MARKDOWN}`);
    await page.press('input[aria-label="question"]', 'Enter');
    await page.locator('[data-testid=question]').filter({ hasText: MARKDOWN }).waitFor();
    await page.locator('.turn').last().locator('[data-testid=answer]').waitFor({ timeout: 60_000 });
    await assertInert(page, watch, 'chat with a hostile question');
  });

  it('fetched nothing from another origin', () => {
    assert.deepEqual(watch.foreignRequests, []);
  });
});
