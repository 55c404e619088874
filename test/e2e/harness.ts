import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { WEB_DIST, webConfig } from '../../scripts/web-config.ts';
import type { Role } from '../../src/schema/api/auth.ts';
import { buildServer, type ServerOptions } from '../../src/server/app.ts';
import { packageRoot } from '../../src/util/package-root.ts';
import { prepareStore } from '../server/helpers.ts';
import type { PageGlobals } from './dom.ts';

/**
 * End-to-end tests: the real server (buildServer + listen on 127.0.0.1) serving the built web app, driven in
 * Debian's Chromium through playwright-core. Never a downloaded browser.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(packageRoot(), 'test-artifacts', 'screenshots');

const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Why the browser tests cannot run here (undefined when they can). Without Chromium they are skipped with
 * that reason; under CI=true a missing Chromium is a failure (.ci/run installs it).
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const reason = `${CHROMIUM} is missing (apt-get install chromium): browser tests skipped`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
  return reason;
}

/** The built app; built here when missing (npm test builds it before the tests). */
export async function ensureWebBuild(): Promise<string> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const { build } = await import('vite');
    await build(webConfig());
  }
  return WEB_DIST;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface E2eServer {
  app: FastifyInstance;
  base: string;
  dir: string;
  dbPath: string;
  secrets: Record<Role, string>;
}

/** A store with a token per role (optionally demo data, ingested and analysed), served on a free port. */
export async function startE2eServer(dir: string, options: Partial<ServerOptions> & { demo?: { volume: number; seed: number } } = {}): Promise<E2eServer> {
  const webDir = await ensureWebBuild();
  const { dbPath, secrets } = await prepareStore(dir, { demo: options.demo });
  const app = buildServer({
    dbPath,
    uploadDir: join(dir, 'uploads'),
    webDir,
    limits: { rate: { login: { max: 1000, windowMs: 60_000 } } },
    ...options,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}`, dir, dbPath, secrets };
}

/** What a page did that it must not: script errors, dialogs, CSP or Trusted Types violations, other origins. */
export interface PageWatch {
  errors: string[];
  dialogs: string[];
  violations: string[];
  foreignRequests: string[];
}

export function watchPage(page: Page, base: string): PageWatch {
  const watch: PageWatch = { errors: [], dialogs: [], violations: [], foreignRequests: [] };
  page.on('pageerror', (error) => watch.errors.push(error.message));
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|TrustedHTML|TrustedScript|Refused to/i.test(text)) watch.violations.push(text);
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${base}/`) && !url.startsWith('data:') && !url.startsWith('blob:')) watch.foreignRequests.push(url);
  });
  return watch;
}

export async function newPage(browser: Browser, base: string): Promise<{ context: BrowserContext; page: Page; watch: PageWatch }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page, watch: watchPage(page, base) };
}

/** Logs in through the login page and waits for the app's navigation. */
export async function login(page: Page, base: string, secret: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.fill('#token', secret);
  await page.click('form[aria-label="log in"] button[type=submit]');
  await page.waitForSelector('nav[aria-label="main"]');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Nothing from log data became markup or ran: `window.__pwned` unset, no element an injection would
 * create (img src=x, event handler attributes, svg, frames, inline scripts, javascript: links), only the
 * app's own module script, and no dialog, script error or CSP / Trusted Types violation so far.
 */
export async function assertInert(page: Page, watch: PageWatch, where: string): Promise<void> {
  const state = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const d = g.document;
    return {
      pwned: g.__pwned === undefined ? 'unset' : 'SET',
      injected: d.querySelectorAll('img[src="x"], [onerror], [onload], [onclick], svg, iframe, object, embed, script:not([src])').length,
      jsLinks: d.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i]').length,
      scripts: d.querySelectorAll('script').length,
    };
  });
  assert.deepEqual(state, { pwned: 'unset', injected: 0, jsLinks: 0, scripts: 1 }, where);
  assert.deepEqual(watch.dialogs, [], `${where}: no dialog`);
  assert.deepEqual(watch.errors, [], `${where}: no script error`);
  assert.deepEqual(watch.violations, [], `${where}: no CSP or Trusted Types violation`);
}
