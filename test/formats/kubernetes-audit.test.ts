import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventsOf, read, selected } from '../detect/mapping/helpers.ts';

/** Kubernetes audit events: what lands in the schema, and the names SigmaHQ's Kubernetes rules read of them. */

const K8S = { product: 'kubernetes', service: 'audit' };
const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'formats', 'kubernetes-audit', 'input.jsonl'), 'utf8');

test("a pod's hostPath volumes, added capabilities and API group are read under the names SigmaHQ's rules use", async () => {
  const [exec, pod, secrets, binding] = await eventsOf('audit.log', fixture);
  assert.ok(exec !== undefined && pod !== undefined && secrets !== undefined && binding !== undefined);
  for (const event of [exec, pod, secrets, binding]) assert.ok(selected(event, K8S));
  assert.equal(read(pod, K8S, 'hostPath'), '/');
  assert.equal(read(pod, K8S, 'capabilities'), 'SYS_ADMIN');
  assert.equal(read(pod, K8S, 'requestObject.spec.containers.securityContext.privileged'), true);
  assert.equal(read(exec, K8S, 'hostPath'), undefined);
  assert.equal(read(binding, K8S, 'apiGroup'), 'rbac.authorization.k8s.io');
  assert.equal(read(exec, K8S, 'objectRef.subresource'), 'exec');
  assert.equal(read(exec, K8S, 'annotations.authorization.k8s.io/decision'), 'allow', 'a key holding dots');
  assert.equal(read(secrets, K8S, 'responseStatus.code'), 403);
});

test('outcomes and identities: a 403 or a forbid decision fails, the first source address is the client, impersonation is the effective user', async () => {
  const events = await eventsOf('audit.log', fixture);
  assert.deepEqual(events.map((e) => e.event.outcome), ['success', 'success', 'failure', 'success']);
  assert.match(events[2]?.event.reason ?? '', /forbidden/);
  assert.deepEqual([events[3]?.source?.ip, events[3]?.user?.name, events[3]?.user?.effective?.name, events[3]?.event.category], ['198.51.100.23', 'admin', 'system:serviceaccount:prod:app', ['iam']]);
  const [forbidOnly] = await eventsOf('forbid.log', `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseStarted', verb: 'watch', user: { username: 'u' }, sourceIPs: ['10.0.0.9'], objectRef: { resource: 'secrets' }, requestReceivedTimestamp: '2024-05-02T08:00:00Z', annotations: { 'authorization.k8s.io/decision': 'forbid', 'authorization.k8s.io/reason': 'no RBAC policy matched' } })}\n`);
  assert.deepEqual([forbidOnly?.event.outcome, forbidOnly?.event.reason], ['failure', 'no RBAC policy matched']);
  assert.equal(forbidOnly?.['@timestamp'], '2024-05-02T08:00:00.000Z');
});
