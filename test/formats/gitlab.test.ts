import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsOf, line } from '../detect/mapping/helpers.ts';
import { HOSTILE_WORDS, assertOwnField, hostileEvents } from '../helpers/hostile.ts';

const signIn = (status: number, user: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  method: 'POST', path: '/users/sign_in', controller: 'SessionsController', action: 'create', status, time: '2026-11-23T08:00:00.000Z',
  params: [{ key: 'authenticity_token', value: '[FILTERED]' }, { key: 'user', value: { ...user, password: '[FILTERED]' } }],
  correlation_id: 'c1', remote_ip: '203.0.113.9', ...extra,
});

const summary = (e: { event: { dataset?: string; action?: string; outcome?: string; reason?: string }; user?: { name?: string }; source?: { ip?: string } } | undefined) =>
  [e?.event.dataset, e?.event.action, e?.event.outcome, e?.event.reason, e?.user?.name, e?.source?.ip];

void describe('GitLab logs', () => {
  void it('reads password sign-ins: thrown (status 0) or re-rendered is a failure, a redirect a success; the account from the filtered parameters', async () => {
    const events = await eventsOf('production_json.log', [
      line(signIn(0, { login: 'root' })),
      line(signIn(200, { login: 'root' })),
      line(signIn(302, { login: 'alice' }, { username: 'alice', user_id: 7 })),
      line(signIn(200, { otp_attempt: '[FILTERED]' })),
    ].join(''));
    assert.deepEqual(events.map(summary), [
      ['gitlab.requests', 'login', 'failure', 'invalid login or password', 'root', '203.0.113.9'],
      ['gitlab.requests', 'login', 'failure', 'invalid login or password', 'root', '203.0.113.9'],
      ['gitlab.requests', 'login', 'success', undefined, 'alice', '203.0.113.9'],
      ['gitlab.requests', 'login', 'failure', 'two-factor code rejected', undefined, '203.0.113.9'],
    ]);
    assert.equal(events[2]?.user?.id, '7');
    assert.deepEqual([events[0]?.url?.path, events[0]?.http?.request?.method, events[0]?.http?.response?.status_code], ['/users/sign_in', 'POST', undefined]);
  });

  void it("reads OmniAuth (LDAP) callbacks by their action, other requests as requests, and the audit log's failed logins", async () => {
    const callback = (action: string) => line({ method: 'POST', path: '/users/auth/ldapmain/callback', controller: 'OmniauthCallbacksController', action, status: 302, time: '2026-11-23T08:00:00Z', params: [{ key: 'username', value: 'bob' }], correlation_id: 'c', remote_ip: '198.51.100.7' });
    const events = await eventsOf('gitlab.json', [
      callback('failure'),
      callback('ldapmain'),
      line({ method: 'GET', path: '/users/sign_in', controller: 'SessionsController', action: 'new', status: 200, time: '2026-11-23T08:00:01Z', correlation_id: 'c', remote_ip: '198.51.100.8' }),
      line({ method: 'GET', path: '/api/v4/projects', route: '/api/:version/projects', status: 401, time: '2026-11-23T08:00:02Z', correlation_id: 'c', remote_ip: '198.51.100.9' }),
      line({ severity: 'INFO', time: '2026-11-23T08:00:03Z', correlation_id: 'c', author_name: 'mallory', failed_login: 'STANDARD', ip_address: '203.0.113.10', custom_message: 'Failed to login with STANDARD authentication' }),
    ].join(''));
    assert.deepEqual(events.map(summary), [
      ['gitlab.requests', 'login', 'failure', 'invalid login or password', 'bob', '198.51.100.7'],
      ['gitlab.requests', 'login', 'success', undefined, 'bob', '198.51.100.7'],
      ['gitlab.requests', 'http-request', 'success', undefined, undefined, '198.51.100.8'],
      ['gitlab.api', 'http-request', 'failure', undefined, undefined, '198.51.100.9'],
      ['gitlab.audit', 'login', 'failure', 'failed standard login', 'mallory', '203.0.113.10'],
    ]);
    assert.equal(events[4]?.message, 'Failed to login with STANDARD authentication');
  });

  void it('leaves JSON that only resembles GitLab to generic JSON', async () => {
    const events = await eventsOf('app.json', [
      line({ method: 'POST', path: '/users/sign_in', status: 0, time: '2026-11-23T08:00:00Z', remote_ip: '203.0.113.9' }),
      line({ time: '2026-11-23T08:00:01Z', failed_login: 'x' }),
    ].join(''));
    assert.deepEqual(events.map((e) => e.vigil.format), ['generic-json', 'generic-json']);
  });

  void it('keeps hostile keys and parameter values as own labels', async () => {
    const record: Record<string, unknown> = signIn(0, { login: '<img src=x onerror=alert(1)>' });
    for (const word of HOSTILE_WORDS) Object.defineProperty(record, word, { value: 'x', enumerable: true });
    const [event] = await hostileEvents('gitlab', `${JSON.stringify(record)}\n`, 1);
    for (const word of HOSTILE_WORDS) assertOwnField(event!.labels, word, 'x');
    assert.equal(event!.user?.name, '<img src=x onerror=alert(1)>');
  });
});
