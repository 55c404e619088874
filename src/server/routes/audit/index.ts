import { z } from 'zod';
import { AuditExportQuerySchema, AuditPageSchema, AuditQuerySchema, AuditVerifySchema } from '../../../schema/api/audit.ts';
import { defineRoute } from '../../route.ts';
import { exportAudit, listAudit, verifyAudit } from './handlers.ts';

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    access: 'viewer',
    tag: 'audit',
    summary: 'The audit log, newest first: filter by action, actor and time; page with `before`',
    query: AuditQuerySchema,
    response: AuditPageSchema,
    handler: listAudit,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/export',
    access: 'analyst',
    tag: 'audit',
    rate: 'export',
    summary: 'Download the (filtered) audit log as CSV or JSON Lines, oldest first',
    description: 'CSV cells are formula-safe (a leading = + - @ is prefixed with an apostrophe) and quoted per RFC 4180; `details` is a JSON cell. JSON Lines: one entry per line, as /api/audit gives them. The download is audited.',
    query: AuditExportQuerySchema,
    response: z.string(),
    download: { contentTypes: ['text/csv', 'application/x-ndjson'] },
    handler: exportAudit,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/audit/verify',
    access: 'viewer',
    tag: 'audit',
    summary: 'Recompute the audit hash chain; reports the first record that does not hold',
    response: AuditVerifySchema,
    handler: verifyAudit,
  }),
];
