import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WEB_CSP } from '../../src/server/web-app.ts';
import { tempDirs } from '../helpers/temp.ts';
import { startServer, type TestServer } from './helpers.ts';

/** The web app's files as the server serves them: its CSP, caching, the SPA fallback, and nothing else. */

const temp = tempDirs('server-web');
let server: TestServer;
let unbuilt: TestServer;

const PAGE = '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("vigil");';

before(async () => {
  const web = join(temp.root(), 'web-dist');
  mkdirSync(join(web, 'assets'), { recursive: true });
  writeFileSync(join(web, 'index.html'), PAGE);
  writeFileSync(join(web, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(web, 'assets', 'app-1a2b3c.js'), SCRIPT);
  writeFileSync(join(web, '.secret'), 'not to be served');
  server = await startServer(temp.fresh(), { webDir: web });
  unbuilt = await startServer(temp.fresh(), { webDir: join(temp.root(), 'no-such-build') });
});
after(async () => {
  await server.app.close();
  await unbuilt.app.close();
});

describe('web app', () => {
  it('serves the page on every app path with the strict CSP, without credentials', async () => {
    for (const url of ['/', '/incidents', '/incidents/0123abcd?since=2026-11-20T00:00:00Z', '/events?filter=source.ip%3D10.0.0.1', '/chat']) {
      const response = await server.app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, PAGE, url);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['content-security-policy'], WEB_CSP, url);
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['cache-control'], 'no-store', 'the page is never cached: a new build is picked up at once');
    }
  });

  it('has a CSP with no inline script, no other origin, Trusted Types required', () => {
    const directives = new Map(WEB_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('style-src'), ["'self'"]);
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('require-trusted-types-for'), ["'script'"]);
    assert.ok(!WEB_CSP.includes('unsafe'), 'no unsafe-inline or unsafe-eval anywhere');
    assert.ok(!/https?:|data:|\*/.test(WEB_CSP), 'no other origin, scheme or wildcard');
  });

  it('serves hashed assets cached for a year, root files, and nothing outside the build', async () => {
    const script = await server.app.inject({ url: '/assets/app-1a2b3c.js' });
    assert.equal(script.statusCode, 200);
    assert.equal(script.body, SCRIPT);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await server.app.inject({ url: '/favicon.svg' });
    assert.equal(icon.statusCode, 200);
    assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
    for (const url of ['/assets/missing.js', '/missing.js', '/.secret', '/assets/../index.html', '/assets/..%2f..%2fpackage.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const response = await server.app.inject({ url });
      assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${url} → ${response.statusCode}`);
      assert.ok(!response.body.includes('not to be served') && !response.body.includes('"name": "vigil"'), url);
      assert.notEqual(response.body, PAGE, `${url} must not fall back to the page`);
    }
  });

  it('keeps the API’s JSON 404 for unknown API paths, and the API behind authentication', async () => {
    for (const url of ['/api/nowhere', '/api', '/docs/nowhere.js']) {
      const response = await server.app.inject({ url });
      assert.ok(response.statusCode === 404 || response.statusCode === 401, `${url} → ${response.statusCode}`);
      assert.match(String(response.headers['content-type']), /^application\/json/, url);
      assert.notEqual(response.body, PAGE, url);
    }
    const stats = await server.app.inject({ url: '/api/stats' });
    assert.equal(stats.statusCode, 401);
    const post = await server.app.inject({ method: 'POST', url: '/incidents', payload: {} });
    assert.equal(post.statusCode, 404, 'only GET serves the page');
  });

  it('says how to build the app when there is no build, and the API still works', async () => {
    const page = await unbuilt.app.inject({ url: '/incidents' });
    assert.equal(page.statusCode, 503);
    assert.match(page.body, /npm run build:web/);
    const api = await unbuilt.app.inject({ url: '/api/stats', headers: unbuilt.auth('viewer') });
    assert.equal(api.statusCode, 200);
    const missing = await unbuilt.app.inject({ url: '/api/nowhere', headers: unbuilt.auth('viewer') });
    assert.equal(missing.statusCode, 404);
  });
});
