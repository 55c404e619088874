import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SERVICE_DECODERS } from '../../src/ingest/formats/services/index.ts';
import { ruleDocs, type RuleDoc } from './pack-files.ts';

/**
 * The brute-force rules split failed logins by reader: the network-service rule lists its services' datasets, and
 * the application rule leaves out every dataset a rule of its own reads. The two lists must agree, and every
 * service reader must be in one of them, or a login failure is counted twice or by no rule.
 */

function detectionList(file: string, name: string, key: string): string[] {
  const feeder = ruleDocs(file).find((doc: RuleDoc) => doc.name === name);
  const detection = feeder?.detection as Record<string, Record<string, unknown>> | undefined;
  const list = detection?.[key]?.['event.dataset'];
  assert.ok(Array.isArray(list), `${file} ${name} ${key}`);
  return list.map(String);
}

const SERVICE = detectionList('authentication/service_brute_force.yml', 'vigil_service_login_failure', 'selection');
const OWN_RULES = detectionList('authentication/application_brute_force.yml', 'vigil_app_login_failure', 'filter_own_rules');
/** Readers whose login events other rules judge: honeypots (any interaction alerts), and ban tools (no logins). */
const ELSEWHERE = new Set(['cowrie', 'sshesame', 'fail2ban', 'lfd']);

test('the application brute-force rule leaves out every dataset the network-service rule counts', () => {
  assert.deepEqual(SERVICE.filter((dataset) => !OWN_RULES.includes(dataset)), []);
  assert.ok(OWN_RULES.includes('sshd'), 'SSH has rules of its own');
});

test('every network-service reader is counted by the network-service rule, or judged by a rule of its own', () => {
  const uncounted = SERVICE_DECODERS.map((d) => d.service).filter((service) => !SERVICE.includes(service) && !ELSEWHERE.has(service));
  assert.deepEqual(uncounted, []);
  for (const service of ELSEWHERE) assert.ok(SERVICE_DECODERS.some((d) => d.service === service), `${service} is a reader`);
});
