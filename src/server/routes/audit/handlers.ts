import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { AuditExportQuerySchema, AuditFilterQuerySchema, AuditPageSchema, AuditQuerySchema, AuditVerifySchema } from '../../../schema/api/audit.ts';
import type { AuditEntry } from '../../../store/index.ts';
import { auditChunks, auditPage, type AuditFilter } from '../../../store/audit-query.ts';
import { csvRows } from '../../../triage/export/escape.ts';
import { parseBound } from '../../../util/time-bound.ts';
import { actorOf } from '../../auth/identity.ts';
import { caller, type RouteContext } from '../../route.ts';

function auditFilter(query: z.output<typeof AuditFilterQuerySchema>, now: Date): AuditFilter {
  const iso = (bound: string | undefined) => (bound === undefined ? undefined : new Date(parseBound(bound, now.getTime())).toISOString());
  return { action: query.action, actor: query.actor, since: iso(query.since), until: iso(query.until) };
}

export function listAudit({ query, vigil }: RouteContext<z.output<typeof AuditQuerySchema>, unknown, unknown>): z.input<typeof AuditPageSchema> {
  return auditPage(vigil.reads.db, auditFilter(query, vigil.clock()), query.limit, query.before);
}

export async function verifyAudit({ vigil }: RouteContext<unknown, unknown, unknown>): Promise<z.input<typeof AuditVerifySchema>> {
  const result = await vigil.readers.heavy.run('auditVerify', undefined);
  return { ok: result.ok, records: result.records, firstBad: result.firstBad ?? null };
}

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'details', 'prev_hash', 'hash'] as const;

/** CSV rows through the formula-safe csvField: actors, targets and details can carry log or user text. */
function csvChunk(entries: readonly AuditEntry[]): string {
  return csvRows(entries.map((e) => [e.seq, e.at, e.actor, e.action, e.target ?? '', JSON.stringify(e.details), e.prev_hash, e.hash]));
}

function* documentParts(chunks: Generator<AuditEntry[]>, format: 'csv' | 'jsonl'): Generator<string> {
  if (format === 'csv') yield csvRows([[...AUDIT_CSV_COLUMNS]]);
  for (const chunk of chunks) yield format === 'csv' ? csvChunk(chunk) : chunk.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** The matching audit records, oldest first, streamed in chunks of 1,000; the download itself is audited. */
export async function exportAudit(ctx: RouteContext<z.output<typeof AuditExportQuerySchema>, unknown, unknown>): Promise<FastifyReply> {
  const { query, vigil, reply } = ctx;
  const filter = auditFilter(query, vigil.clock());
  const stamp = vigil.clock().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  await vigil.writes.run((store) =>
    store.audit.append({ actor: actorOf(caller(ctx.identity)), action: 'audit-export', target: query.format, details: { ...filter } }),
  );
  const type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
  return reply
    .code(200)
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="vigil-audit-${stamp}.${query.format}"`)
    .send(Readable.from(documentParts(auditChunks(vigil.reads.db, filter), query.format)));
}
