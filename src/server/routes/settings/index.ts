import { statSync } from 'node:fs';
import type { z } from 'zod';
import { RATE_POLICIES, type RatePolicy } from '../../../schema/api/server-config.ts';
import { ConfigViewSchema, SettingsChangeSchema, SettingsSchema } from '../../../schema/api/settings.ts';
import { SCHEMA_VERSION } from '../../../store/database.ts';
import { vigilVersion } from '../../../util/package-root.ts';
import type { ServerContext } from '../../context.ts';
import { actorOf } from '../../auth/identity.ts';
import { changeSettings, configView, type ConfigView } from '../../llm-settings.ts';
import { caller, defineRoute, type RouteContext } from '../../route.ts';

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function storeFacts(vigil: ServerContext): z.input<typeof SettingsSchema>['store'] {
  const count = (table: string) => vigil.reads.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return {
    path: vigil.dbPath,
    sizeBytes: fileSize(vigil.dbPath) + fileSize(`${vigil.dbPath}-wal`),
    schemaVersion: SCHEMA_VERSION,
    events: vigil.reads.approximateEventCount(),
    alerts: count('alerts'),
    incidents: count('incidents'),
    ingestRuns: count('ingest_runs'),
    analyses: count('analyses'),
    auditRecords: vigil.reads.db.prepare('SELECT coalesce(max(seq), 0) FROM audit').pluck().get() as number,
  };
}

async function settings({ vigil }: RouteContext<unknown, unknown, unknown>): Promise<z.input<typeof SettingsSchema>> {
  const { limits } = vigil;
  return {
    version: vigilVersion(),
    store: storeFacts(vigil),
    uploads: { maxFileBytes: limits.uploadFileBytes, maxFiles: limits.uploadFiles },
    session: { ttlSeconds: Math.floor(limits.sessionTtlMs / 1000), secureCookie: vigil.secureCookies },
    rateLimits: Object.fromEntries(RATE_POLICIES.map((policy) => [policy, { max: limits.rate[policy].max, windowSeconds: limits.rate[policy].windowMs / 1000 }])) as Record<RatePolicy, { max: number; windowSeconds: number }>,
    llm: await vigil.providerStatus(),
    config: configView(vigil),
  };
}

async function change(ctx: RouteContext<unknown, z.output<typeof SettingsChangeSchema>, unknown>): Promise<ConfigView> {
  return changeSettings(ctx.vigil, ctx.body, actorOf(caller(ctx.identity)));
}

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/settings',
    access: 'viewer',
    tag: 'settings',
    summary: 'Server settings: store (path, size, counts), upload and rate limits, LLM provider status',
    response: SettingsSchema,
    handler: settings,
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/settings',
    access: 'admin',
    tag: 'settings',
    summary: 'Change the LLM provider settings and the default analysis mode (in effect at once, kept in the store)',
    description:
      'Keys given replace the saved ones; `null` unsets a key (also the configuration file’s value); absent keys stay. The API key is write-only: never returned, never audited. The result is checked against the provider’s own configuration schema before anything is saved. Audited as `settings-change` with the names of the keys.',
    body: SettingsChangeSchema,
    response: ConfigViewSchema,
    handler: change,
  }),
];
