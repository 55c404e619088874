import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startLlmServer, type FakeLlmServer } from '../helpers/llm-servers.ts';
import { tempDirs } from '../helpers/temp.ts';
import { browserSkipReason, launchBrowser, login, newPage, screenshot, startE2eServer, type E2eServer, type PageWatch } from './harness.ts';

/**
 * An admin changes the LLM provider on the Settings page (a local server speaking Anthropic's wire protocol
 * stands in for the hosted API): the "data leaves this machine" warning before and after saving, the API key
 * written but never shown again, the change in effect for the next question without a restart, and the
 * default mode it sets preselected on the chat page; viewers and analysts see the settings read-only.
 */

const skip = browserSkipReason();
const temp = tempDirs('e2e-settings');
const SECRET = 'sk-ant-e2e-SECRET-0123456789';
let server: E2eServer;
let anthropic: FakeLlmServer;
let browser: Browser;
const watches: PageWatch[] = [];

before(async () => {
  if (skip !== undefined) return;
  anthropic = await startLlmServer('anthropic', { apiKey: SECRET, defaultDeltas: ['The most critical threat ', 'is listed in the facts [F1].'] });
  server = await startE2eServer(temp.fresh(), { demo: { volume: 800, seed: 7 } });
  browser = await launchBrowser();
});

after(async () => {
  if (skip !== undefined) return;
  await browser.close();
  await server.app.close();
  await anthropic.close();
});

describe('LLM settings in the browser', { skip }, () => {
  it('an admin switches to a hosted provider: warned before and after saving, the key never shown again', async () => {
    const { context, page, watch } = await newPage(browser, server.base);
    watches.push(watch);
    try {
      await login(page, server.base, server.secrets.admin);
      await page.click('nav >> text=Settings');
      const form = page.locator('form[aria-label="llm settings"]');
      await form.waitFor();
      const status = page.locator('.panel', { hasText: 'LLM provider' }).first();
      assert.match(await status.innerText(), /No data leaves this machine/);
      const warning = form.locator('[data-testid=hosted-warning]');
      assert.equal(await warning.count(), 0);

      await form.locator('select[aria-label="provider"]').selectOption('openai-compatible');
      await form.locator('input[aria-label="base URL"]').fill('http://10.1.2.3:8000/v1');
      await warning.waitFor();
      await form.locator('input[aria-label="base URL"]').fill('http://127.0.0.1:8000/v1');
      await warning.waitFor({ state: 'detached' });

      await form.locator('select[aria-label="provider"]').selectOption('anthropic');
      await warning.filter({ hasText: 'Data leaves this machine' }).waitFor();
      await form.locator('input[aria-label="base URL"]').fill(anthropic.origin);
      await form.locator('input[aria-label="model"]').fill('claude-test');
      await form.locator('input[aria-label="API key"]').fill(SECRET);
      await form.locator('select[aria-label="default mode"]').selectOption('advanced');
      await form.getByRole('button', { name: 'Save settings' }).click();
      await form.getByRole('status').filter({ hasText: 'in effect for the next question' }).waitFor();

      await status.locator('[data-testid=leaves-machine]').filter({ hasText: 'Data leaves this machine' }).waitFor();
      await status.locator('[data-testid=llm-reachable]').filter({ hasText: 'yes' }).waitFor();
      assert.match(await status.innerText(), /claude-test/);
      assert.equal(await form.locator('input[aria-label="API key"]').inputValue(), '', 'the key is not put back in the form');
      assert.match((await form.locator('input[aria-label="API key"]').getAttribute('placeholder')) ?? '', /^set/);
      await form.locator('[data-testid=settings-saved]').filter({ hasText: 'token:admin(admin)' }).waitFor();
      assert.ok(!(await page.content()).includes(SECRET), 'the key is nowhere in the page');
      await screenshot(page, 'settings-llm-admin');
    } finally {
      await context.close();
    }
  });

  it('analysts and viewers see the settings read-only; the next question goes to the new provider in the default mode', async () => {
    const viewer = await newPage(browser, server.base);
    watches.push(viewer.watch);
    try {
      await login(viewer.page, server.base, server.secrets.viewer);
      await viewer.page.click('nav >> text=Settings');
      const view = viewer.page.locator('[data-testid=llm-settings-view]');
      await view.waitFor();
      assert.equal(await viewer.page.locator('form[aria-label="llm settings"]').count(), 0, 'no form for a viewer');
      assert.equal(await viewer.page.locator('input[aria-label="API key"]').count(), 0);
      assert.match(await view.innerText(), /anthropic/);
      assert.equal(await view.locator('[data-testid=api-key-state]').innerText(), 'set');
      await viewer.page.locator('[data-testid=leaves-machine]').waitFor();
    } finally {
      await viewer.context.close();
    }

    const { context, page, watch } = await newPage(browser, server.base);
    watches.push(watch);
    try {
      await login(page, server.base, server.secrets.analyst);
      await page.click('nav >> text=Settings');
      await page.locator('[data-testid=llm-settings-view]').waitFor();
      assert.equal(await page.locator('form[aria-label="llm settings"]').count(), 0, 'no form for an analyst');
      await screenshot(page, 'settings-llm-analyst');

      await page.click('nav >> text=Chat');
      const advanced = page.getByRole('radio', { name: 'Advanced' });
      await page.locator('button.chip.example').first().waitFor();
      await advanced.and(page.locator('[aria-checked=true]')).waitFor();
      const before = anthropic.requests.filter((r) => r.route === 'chat').length;
      await page.locator('button.chip.example').filter({ hasText: 'most critical' }).click();
      const answer = page.locator('.turn').last().locator('[data-testid=answer]');
      await answer.waitFor({ timeout: 60_000 });
      assert.match(await answer.locator('.answer-meta').innerText(), /advanced · most-critical · anthropic · claude-test/);
      const asked = anthropic.requests.filter((r) => r.route === 'chat');
      assert.equal(asked.length, before + 1, 'the question went to the provider the admin chose, without a restart');
      assert.equal(asked.at(-1)?.headers['x-api-key'], SECRET);
    } finally {
      await context.close();
    }
  });

  it('ran no script errors, no CSP or Trusted Types violations, and fetched nothing from another origin', () => {
    for (const watch of watches) {
      assert.deepEqual(watch.errors, []);
      assert.deepEqual(watch.violations, []);
      assert.deepEqual(watch.foreignRequests, []);
      assert.deepEqual(watch.dialogs, []);
    }
  });
});
