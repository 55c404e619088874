import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startLlmServer, type FakeLlmServer } from '../helpers/llm-servers.ts';
import { tempDirs } from '../helpers/temp.ts';
import { assertInert, browserSkipReason, launchBrowser, login, newPage, screenshot, startE2eServer, type E2eServer, type PageWatch } from './harness.ts';
import { IMG, JS_URL, SCRIPT } from './hostile-logs.ts';

/**
 * The chat page against the real chat routes on demo data, with the LLM provider a local server speaking
 * Ollama's wire protocol (the one stand-in the suite allows): example chips, modes, a streamed answer with
 * its facts and citations, a claim the evidence does not hold flagged, citations that open the events, the
 * Markdown export, a viewer's read-only view, and hostile text in questions and model prose shown as text.
 */

const skip = browserSkipReason();
const temp = tempDirs('e2e-chat');
let server: E2eServer;
let ollama: FakeLlmServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

before(async () => {
  if (skip !== undefined) return;
  ollama = await startLlmServer('ollama', { models: ['llama3.2:latest'] });
  server = await startE2eServer(temp.fresh(), { demo: { volume: 1500, seed: 5 }, config: { llm: { provider: 'ollama', model: 'llama3.2', baseUrl: ollama.origin, retries: 0 } } });
  browser = await launchBrowser();
  ({ context, page, watch } = await newPage(browser, server.base));
  await login(page, server.base, server.secrets.analyst);
});

after(async () => {
  if (skip !== undefined) return;
  await context.close();
  await browser.close();
  await server.app.close();
  await ollama.close();
});

const lastTurn = (p: Page) => p.locator('.turn').last();

describe('chat in the browser', { skip }, () => {
  it('offers the example questions as chips and streams an answer with facts, citations and a flagged claim', async () => {
    await page.click('nav >> text=Chat');
    const chips = page.locator('button.chip.example');
    await chips.first().waitFor();
    const examples = ((await (await fetch(`${server.base}/api/chat/examples`, { headers: { authorization: `Bearer ${server.secrets.viewer}` } })).json()) as { questions: string[] }).questions;
    assert.deepEqual(await chips.allInnerTexts(), examples);
    await page.getByRole('radio', { name: 'Advanced' }).click();
    ollama.replyWith({ deltas: ['Brute force came ', 'from several sources ', 'and from 8.8.4.4 [F1]. ', 'Block them at the edge.'], delayMs: 600 });
    await chips.filter({ hasText: 'brute-force' }).click();
    const streaming = lastTurn(page).locator('[data-testid=streaming] .stream-text');
    await streaming.filter({ hasText: 'Brute force came' }).waitFor();
    assert.ok(!(await streaming.innerText()).includes('Block them at the edge'), 'the answer shows while it streams, before its end');
    const answer = lastTurn(page).locator('[data-testid=answer]');
    await answer.waitFor({ timeout: 60_000 });
    assert.match(await answer.locator('.answer-meta').innerText(), /advanced · brute-force · ollama · llama3\.2/);
    await answer.locator('[data-testid=flagged]').filter({ hasText: '8.8.4.4' }).waitFor();
    assert.equal(await answer.locator('mark.flagged').first().innerText(), '8.8.4.4', 'the ungrounded IP is marked in the text');
    assert.ok((await answer.locator('li.fact').count()) > 0, 'the facts behind the answer');
    const facts = answer.locator('details.facts');
    if ((await facts.getAttribute('open')) === null) await facts.locator('summary').click();
    assert.ok((await answer.locator('a[data-cite=event]').count()) > 0, 'event citations');
    await page.waitForURL(/session=[0-9a-f]+/);
    await page.locator('.session-list li.active', { hasText: 'brute-force' }).waitFor();
    await screenshot(page, 'chat');
    const cited = answer.locator('a[data-cite=event]').first();
    await cited.click();
    await page.waitForURL(/\/events\?.*event=[0-9a-f]{32}/);
    await page.locator('[data-testid=original]').waitFor();
    await page.goBack();
    await lastTurn(page).locator('[data-testid=answer]').waitFor();
  });

  it('exports the conversation as Markdown with the question and its evidence', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=chat-export]')]);
    const markdown = readFileSync(await download.path(), 'utf8');
    assert.match(markdown, /^# Vigil chat [0-9a-f]+/);
    assert.match(markdown, /brute-force attack/);
    assert.match(markdown, /### Evidence/);
    assert.match(markdown, /8\.8\.4\.4/, 'the flagged claim is in the export');
  });

  it('shows hostile text in a question and in model prose as text, and runs none of it', async () => {
    ollama.replyWith({ deltas: [`The user ${SCRIPT} and ${IMG} `, `see [details](${JS_URL}) `, '**bold** <b>x</b> ![i](x) [F1]'] });
    await page.fill('input[aria-label="question"]', `what did ${SCRIPT} do from ${IMG}?`);
    await page.press('input[aria-label="question"]', 'Enter');
    await lastTurn(page).locator('[data-testid=question]').filter({ hasText: `what did ${SCRIPT} do from ${IMG}?` }).waitFor();
    await lastTurn(page).locator('[data-testid=answer]').waitFor({ timeout: 60_000 });
    await assertInert(page, watch, 'chat with hostile question and model prose');
    assert.deepEqual(watch.foreignRequests, []);
  });

  it('lets a viewer read a conversation but not ask', async () => {
    const session = new URL(page.url()).searchParams.get('session');
    const viewer = await newPage(browser, server.base);
    try {
      await login(viewer.page, server.base, server.secrets.viewer);
      await viewer.page.goto(`${server.base}/chat?session=${session ?? ''}`);
      await viewer.page.locator('[data-testid=answer]').first().waitFor();
      assert.ok(await viewer.page.locator('input[aria-label="question"]').isDisabled());
      assert.equal(await viewer.page.locator('[data-testid=chat-export]').count(), 0);
      await assertInert(viewer.page, viewer.watch, 'viewer reading the hostile conversation');
    } finally {
      await viewer.context.close();
    }
  });
});
