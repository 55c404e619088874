import { burstCitations, failureBursts, failuresBySource, failureWhere, successWhere, unknownAccounts } from '../auth.ts';
import { cite } from '../cite.ts';
import { Names, count, iso, percent, plural, span } from '../names.ts';
import { countBy, distinct, eventIds, idsOfRowids, tally, value } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';
import { BURST_MIN, LOGIN_DESCRIPTION } from '../vocabulary.ts';
import { hourPattern } from './hours.ts';
import { successAfterFailureFacts } from './success-after.ts';

/** Failed logins: totals, by source, by account (and how many accounts do not exist), by target host, time pattern, successes after failures. */
export function failedLoginFacts(ctx: FactContext): FactDraft[] {
  const where = failureWhere(ctx);
  const total = tally(ctx, where);
  if (total.events === 0) return [noFailures(ctx)];
  const unknown = unknownAccounts(ctx);
  return [
    totalFact(ctx, total, unknown),
    bySourceFact(ctx, total.occurrences),
    byUserFact(ctx, total.occurrences, unknown),
    ...byHostFact(ctx),
    ...hourPattern(ctx, where, 'failed logins'),
    ...burstFact(ctx),
    ...successAfterFailureFacts(ctx),
  ];
}

function noFailures(ctx: FactContext): FactDraft {
  const ok = tally(ctx, successWhere(ctx));
  return {
    kind: 'failed-logins.none',
    title: 'No failed logins',
    text: `No failed login attempts in scope; ${plural(ok.occurrences, 'successful login')}${ok.events === 0 ? '' : ` ${span(ok.first, ok.last)}`}. Checked: ${LOGIN_DESCRIPTION}.`,
    data: { failures: 0, successes: ok.occurrences },
    entities: [],
    citations: cite(ctx, { events: eventIds(ctx, successWhere(ctx)), eventCount: ok.events }),
  };
}

function totalFact(ctx: FactContext, total: ReturnType<typeof tally>, unknown: ReadonlySet<string>): FactDraft {
  const where = failureWhere(ctx);
  const ips = distinct(ctx, 'source_ip', where);
  const users = countBy(ctx, 'user_name', where, 1_000_000);
  const hosts = distinct(ctx, 'host_name', where);
  const unknownAttempts = users.filter((u) => unknown.has(u.value)).reduce((n, u) => n + u.occurrences, 0);
  const ok = successCount(ctx);
  const text =
    `${plural(total.occurrences, 'failed login attempt')} (${plural(total.events, 'record')}) ${span(total.first, total.last)}, ` +
    `from ${plural(ips, 'source IP')}, against ${plural(users.length, 'account')} on ${plural(hosts, 'host')}; ` +
    `${count(unknownAttempts)} (${percent(unknownAttempts, total.occurrences)}) named accounts that do not exist. ` +
    `${plural(ok, 'successful login record')} in the same scope.`;
  return {
    kind: 'failed-logins.total',
    title: 'Failed logins in all',
    text,
    data: { attempts: total.occurrences, records: total.events, first: iso(total.first), last: iso(total.last), sourceIps: ips, accounts: users.length, hosts, unknownAccountAttempts: unknownAttempts, successes: ok },
    entities: [],
    citations: cite(ctx, { events: eventIds(ctx, where), eventCount: total.events }),
  };
}

/** Successful login records in scope (a count the action index answers alone). */
function successCount(ctx: FactContext): number {
  return value<number>(ctx, `SELECT count(*) FROM events e WHERE ${successWhere(ctx).sql}`, successWhere(ctx).params) ?? 0;
}

function bySourceFact(ctx: FactContext, attempts: number): FactDraft {
  const names = new Names();
  const sources = failuresBySource(ctx);
  const top = sources.slice(0, ctx.limits.inline);
  const shown = top.map((s) => `${names.ip(s.ip)} ${count(s.attempts)}`).join(', ');
  const rest = sources.length - top.length;
  const noSource = attempts - sources.reduce((n, s) => n + s.attempts, 0);
  const text =
    `By source IP (attempts): ${shown === '' ? 'no source address recorded' : shown}${rest > 0 ? `, and ${plural(rest, 'more IP')}` : ''}.` +
    (noSource > 0 ? ` ${plural(noSource, 'attempt')} name no source address.` : '');
  return {
    kind: 'failed-logins.by-source',
    title: 'Failed logins by source IP',
    text,
    data: { sources: sources.slice(0, 500).map((s) => ({ ip: s.ip, attempts: s.attempts, records: s.events, accounts: s.users, first: iso(s.first), last: iso(s.last) })), sourceCount: sources.length, withoutSource: noSource },
    entities: names.entities,
    citations: cite(ctx, { events: idsOfRowids(ctx, top.map((s) => s.sampleRowid)), eventCount: sources.reduce((n, s) => n + s.events, 0) }),
  };
}

function byUserFact(ctx: FactContext, attempts: number, unknownNames: ReadonlySet<string>): FactDraft {
  const names = new Names();
  const where = failureWhere(ctx);
  const users = countBy(ctx, 'user_name', where, 1_000_000);
  const unknown = new Set(users.filter((u) => unknownNames.has(u.value)).map((u) => u.value));
  const top = users.slice(0, ctx.limits.inline);
  const shown = top.map((u) => `${names.user(u.value)} ${count(u.occurrences)}${unknown.has(u.value) ? ' (no such account)' : ''}`).join(', ');
  const total = users.length;
  const text = `By account (attempts): ${shown === '' ? 'no account names recorded' : shown}${total > top.length ? `, and ${plural(total - top.length, 'more account')}` : ''}; ${plural(unknown.size, 'account name')} tried ${unknown.size === 1 ? 'does' : 'do'} not exist.`;
  return {
    kind: 'failed-logins.by-user',
    title: 'Failed logins by account',
    text,
    data: { accounts: users.slice(0, 500).map((u) => ({ user: u.value, attempts: u.occurrences, exists: !unknown.has(u.value) })), accountCount: total, unknownAccounts: unknown.size, attempts },
    entities: names.entities,
    citations: cite(ctx, { events: idsOfRowids(ctx, top.map((u) => u.sampleRowid)), eventCount: users.reduce((n, u) => n + u.events, 0) }),
  };
}

function byHostFact(ctx: FactContext): FactDraft[] {
  const names = new Names();
  const where = failureWhere(ctx);
  const hosts = countBy(ctx, 'host_name', where, 200);
  if (hosts.length === 0) return [];
  const shown = hosts.slice(0, ctx.limits.inline).map((h) => `${names.host(h.value)} ${count(h.occurrences)}`).join(', ');
  return [{
    kind: 'failed-logins.by-host',
    title: 'Failed logins by target host',
    text: `By target host (attempts): ${shown}${hosts.length > ctx.limits.inline ? `, and ${plural(hosts.length - ctx.limits.inline, 'more host')}` : ''}.`,
    data: { hosts: hosts.map((h) => ({ host: h.value, attempts: h.occurrences })) },
    entities: names.entities,
    citations: cite(ctx, { events: idsOfRowids(ctx, hosts.slice(0, ctx.limits.inline).map((h) => h.sampleRowid)), eventCount: hosts.reduce((n, h) => n + h.events, 0) }),
  }];
}

function burstFact(ctx: FactContext): FactDraft[] {
  const bursts = failureBursts(ctx).filter((b) => b.peak >= BURST_MIN);
  if (bursts.length === 0) return [];
  const names = new Names();
  const top = bursts.slice(0, ctx.limits.inline);
  const shown = top.map((b) => `${names.ip(b.ip)} ${count(b.peak)} from ${iso(b.peakStart)}`).join('; ');
  return [{
    kind: 'failed-logins.bursts',
    title: 'Bursts of failed logins',
    text: `${plural(bursts.length, 'source IP')} reached ${count(BURST_MIN)} or more failed attempts within 10 minutes (busiest 10 minutes: ${shown}${bursts.length > top.length ? `; and ${count(bursts.length - top.length)} more` : ''}).`,
    data: { threshold: BURST_MIN, windowMinutes: 10, sources: bursts.map((b) => ({ ip: b.ip, peak: b.peak, peakStart: iso(b.peakStart), bursts: b.bursts })) },
    entities: names.entities,
    citations: burstCitations(ctx, top),
  }];
}
