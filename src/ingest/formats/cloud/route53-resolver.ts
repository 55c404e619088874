import { transportName } from '../../iana-transport.ts';
import { isObject, type Draft } from '../../format.ts';
import { compact, ip, port, setOwn, str } from '../../values.ts';
import { defineCloudFormat, matching, recordLabels, text, type Json } from './record.ts';

/**
 * Amazon Route 53 Resolver query logs (to CloudWatch Logs, S3 or Firehose): one JSON record per DNS question a VPC's
 * resolver answered: `query_timestamp`, `query_name` (with its trailing dot), `query_type`, `rcode`, `answers`,
 * `srcaddr`/`srcport`, `transport`, `srcids` (the instance or resolver endpoint that asked), and with DNS Firewall
 * the rule's `firewall_rule_action` (BLOCK, ALERT, ALLOW). DNS records (`category: dns`): the name without its
 * trailing dot, as the DNS rules and other sensors write it; a blocked query is denied.
 */

function isResolverQuery(record: Json): boolean {
  return typeof record.query_name === 'string' && typeof record.query_timestamp === 'string' && record.srcaddr !== undefined && (record.vpc_id !== undefined || record.srcids !== undefined);
}

/** Fields in the schema only, or that repeat the question. */
const SKIPPED = new Set(['query_timestamp', 'query_name', 'query_type', 'rcode', 'srcaddr', 'srcport', 'transport', 'query_class', 'version']);

function answersOf(record: Json): string[] | undefined {
  const answers = record.answers;
  if (!Array.isArray(answers)) return undefined;
  const out: string[] = [];
  for (const answer of answers) {
    const data = isObject(answer) ? str(answer.Rdata) : undefined;
    if (data !== undefined) out.push(data);
  }
  return out.length === 0 ? undefined : out;
}

function read(record: Json): Draft {
  const name = text(record, 'query_name');
  const action = text(record, 'firewall_rule_action')?.toUpperCase();
  const labels = recordLabels(record, (path) => SKIPPED.has(path) || path.startsWith('answers')) ?? {};
  const instance = text(record, 'srcids.instance');
  if (instance !== undefined) setOwn(labels, 'cloud.instance.id', instance);
  return {
    time: text(record, 'query_timestamp'),
    dataset: 'aws.route53_resolver',
    fields: compact({
      event: {
        category: ['network'],
        type: action === 'BLOCK' ? ['denied', 'protocol'] : ['protocol'],
        action: 'dns-query',
        outcome: action === 'BLOCK' ? 'failure' : undefined,
        provider: 'route53resolver',
      },
      source: { ip: ip(record.srcaddr), port: port(record.srcport) },
      network: { transport: transportName(text(record, 'transport')), protocol: 'dns' },
      dns: {
        question: { name: name === undefined || name === '.' ? name : name.replace(/\.$/, ''), type: text(record, 'query_type') },
        answers: answersOf(record),
        response_code: text(record, 'rcode'),
      },
      labels,
    }),
  };
}

export const awsRoute53ResolverFormat = defineCloudFormat({
  id: 'aws-route53-resolver',
  title: 'Amazon Route 53 Resolver query logs',
  description: "Route 53 Resolver query logs: each DNS question of a VPC's instances, with its answers, response code and DNS Firewall action (dns)",
  select: matching(isResolverQuery),
  read,
  logsources: [{ category: 'dns' }],
});
