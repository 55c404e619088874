import { successesAfterFailures, type SuccessAfterFailures } from '../auth.ts';
import { cite } from '../cite.ts';
import { Names, count, iso, plural } from '../names.ts';
import { eventIds, scoped } from '../sql.ts';
import type { FactContext, FactDraft } from '../types.ts';

/**
 * Successful logins that followed failed ones, from the same source IP and for the same account: the sign
 * that a guessed password worked. Sources with more failures before the success come first.
 */
export function successAfterFailureFacts(ctx: FactContext): FactDraft[] {
  const bySource = successesAfterFailures(ctx, 'source_ip');
  const byUser = successesAfterFailures(ctx, 'user_name');
  const out: FactDraft[] = [];
  if (bySource.length > 0) out.push(fact(ctx, 'source_ip', bySource));
  if (byUser.length > 0) out.push(fact(ctx, 'user_name', byUser));
  if (out.length === 0) {
    out.push({
      kind: 'success-after-failures.none',
      title: 'No success after failures',
      text: 'No successful login followed a failed one from the same source IP or for the same account.',
      data: { sources: 0, accounts: 0 },
      entities: [],
      citations: cite(ctx, {}),
    });
  }
  return out;
}

function fact(ctx: FactContext, by: 'source_ip' | 'user_name', rows: readonly SuccessAfterFailures[]): FactDraft {
  const names = new Names();
  const top = rows.slice(0, ctx.limits.inline);
  const line = (r: SuccessAfterFailures) => {
    const who = r.user === null ? 'an unnamed account' : names.user(r.user);
    const from = r.ip === null ? '' : ` from ${names.ip(r.ip)}`;
    const on = r.host === null ? '' : ` on ${names.host(r.host)}`;
    return `${who}${from}${on} at ${iso(r.at)} after ${plural(r.failuresBefore, 'failure')}`;
  };
  const subject = by === 'source_ip' ? 'source IP' : 'account';
  const text =
    `${plural(rows.length, subject)} had a successful login after failed ones: ${top.map(line).join('; ')}` +
    `${rows.length > top.length ? `; and ${count(rows.length - top.length)} more` : ''}.`;
  const perRow = Math.max(2, Math.ceil(ctx.limits.eventIds / Math.max(1, top.length)));
  const failures = (r: SuccessAfterFailures) => eventIds(ctx, scoped(ctx, `${ctx.logins.failure()} AND e.${by} = ? AND e.ts_ms < ?`, [r.key, r.at]), perRow - 1);
  return {
    kind: by === 'source_ip' ? 'success-after-failures.by-source' : 'success-after-failures.by-user',
    title: `Successful login after failures (same ${subject})`,
    text,
    data: {
      rows: rows.slice(0, 500).map((r) => ({ [by === 'source_ip' ? 'ip' : 'user']: r.key, failuresBefore: r.failuresBefore, firstFailure: iso(r.firstFailure), success: iso(r.at), user: r.user, ip: r.ip, host: r.host, successEvent: r.successId })),
      count: rows.length,
    },
    entities: names.entities,
    citations: cite(ctx, { events: top.flatMap((r) => [r.successId, ...failures(r)]), eventCount: top.reduce((n, r) => n + 1 + r.failureEventsBefore, 0) }),
  };
}
