import './fastify-types.ts';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { z } from 'zod';
import { createAnswerCache } from '../assist/cache.ts';
import type { ProviderStatus } from '../assist/providers/types.ts';
import { InProcessQueue } from '../jobs/in-process.ts';
import { threadExecutor } from '../jobs/thread.ts';
import type { JobExecutor, JobQueue } from '../jobs/types.ts';
import { configuredZoneRules } from '../normalize/source-zones.ts';
import { checkTimeZone } from '../normalize/time.ts';
import { withStoredSettings } from '../config/settings.ts';
import type { VigilConfig } from '../schema/config.ts';
import { openStore } from '../store/index.ts';
import { readSettings } from '../store/settings.ts';
import { AssistantSlot } from './assistant-slot.ts';
import { installAuth } from './auth/hook.ts';
import { FailedAuthThrottle } from './auth/failures.ts';
import { TokenUsage } from './auth/usage.ts';
import type { ServerContext } from './context.ts';
import { ApiError, installErrorHandlers } from './errors.ts';
import { serverAssistant } from './llm-settings.ts';
import { StoredJobRecords, interruptOrphanJobs } from './job-records.ts';
import { limitsFromConfig, resolveLimits, type LimitsInput, type ServerLimits } from './limits.ts';
import { registerOpenApi } from './openapi.ts';
import { ReadPool } from './reads/pool.ts';
import { gatedRecorder } from './routes/chat/handlers.ts';
import { ROUTES } from './routes/index.ts';
import type { RouteDefinition } from './route.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { BreakdownCache } from './stats-cache.ts';
import { TextCache } from './text-cache.ts';
import { webApp } from './web-app.ts';
import { WriteGate } from './write-gate.ts';

export interface ServerOptions {
  dbPath: string;
  config?: VigilConfig;
  clock?: () => Date;
  /** Where uploads are saved (default `<store>.uploads` beside the store file, or `server.uploadDir`). */
  uploadDir?: string;
  limits?: LimitsInput;
  logger?: FastifyServerOptions['logger'];
  /** The LLM provider's status (default: derived from the configuration without connecting). */
  providerStatus?: () => Promise<ProviderStatus>;
  /** Another queue backend; the default runs jobs in worker threads of this process, recorded in the store. */
  jobs?: JobQueue;
  /** What runs a job of the default queue (default: a worker thread per job). */
  jobExecutor?: JobExecutor;
  /** Reader threads for reads on indexed fields (another one serves heavy reads), and how long one query may take. */
  readers?: number;
  queryTimeoutMs?: number;
  secureCookies?: boolean;
  /** Extra routes (e.g. chat), registered and documented like the built-in ones. */
  routes?: readonly RouteDefinition[];
  /** The built web app to serve (default `web/dist` of the package); false serves the API alone. */
  webDir?: string | false;
}

/** The route table as the server registered it: the role matrix test walks it. */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: RegisteredRoute[];
  }
}

const STATUS_TIMEOUT_MS = 5000;

/** The provider in effect checks its own status (`none` connects nowhere; a server gets 5 s to answer). */
function liveProviderStatus(assistants: AssistantSlot): () => Promise<ProviderStatus> {
  return () => assistants.current.provider.status(AbortSignal.timeout(STATUS_TIMEOUT_MS));
}

function createContext(options: ServerOptions, limits: ServerLimits, log: FastifyBaseLogger): ServerContext {
  const fileConfig = options.config ?? {};
  // A bad zone in the configuration stops the server at its start (before it opens the store), not an upload later.
  configuredZoneRules(fileConfig.ingest?.tzFor);
  if (fileConfig.ingest?.tz !== undefined) checkTimeZone(fileConfig.ingest.tz);
  const clock = options.clock ?? (() => new Date());
  const dbPath = resolve(options.dbPath);
  const writeStore = openStore(dbPath, { clock });
  const config = withStoredSettings(fileConfig, readSettings(writeStore.db));
  const interrupted = interruptOrphanJobs(writeStore);
  if (interrupted.length > 0) log.warn({ jobs: interrupted.map((j) => j.id) }, 'jobs left unfinished by a stopped server were ended');
  const writes = new WriteGate(writeStore);
  const reads = openStore(dbPath, { readonly: true, clock });
  const timeout = options.queryTimeoutMs ?? 20_000;
  const readers = { fast: new ReadPool(dbPath, options.readers ?? 2, timeout, 8), heavy: new ReadPool(dbPath, 2, timeout, 1, 5) };
  const recorder = gatedRecorder({ writes });
  const assistants = new AssistantSlot(serverAssistant(config.llm ?? {}, reads, createAnswerCache(config.assist?.cache), recorder));
  const jobRecords = options.jobs === undefined ? new StoredJobRecords(writes, reads, { onError: (err: unknown) => log.error({ err }, 'a job record could not be written') }) : undefined;
  return {
    dbPath,
    fileConfig,
    config,
    clock,
    uploadDir: resolve(options.uploadDir ?? config.server?.uploadDir ?? `${dbPath}.uploads`),
    limits,
    reads,
    writes,
    readers,
    breakdown: new BreakdownCache(readers.heavy, clock),
    incidentPages: new TextCache(256),
    jobs: options.jobs ?? new InProcessQueue(options.jobExecutor ?? threadExecutor({ maxOldGenerationSizeMb: limits.jobHeapMb }), dbPath, { clock, history: limits.jobHistory, records: jobRecords }),
    jobRecords,
    usage: new TokenUsage(writes),
    failures: new FailedAuthThrottle(limits.failedAuthPerMinute),
    providerStatus: options.providerStatus ?? liveProviderStatus(assistants),
    secureCookies: options.secureCookies ?? config.server?.secureCookies ?? false,
    assistants,
    recorder,
  };
}

/** Every route declares who may call it; the table is kept for tests; rate policies become route limits. */
function installRouteRules(app: FastifyInstance, limits: ServerLimits): void {
  app.decorate('registeredRoutes', [] as RegisteredRoute[]);
  app.addHook('onRoute', (route) => {
    const config = { ...(route.config as Record<string, unknown> | undefined) } as NonNullable<typeof route.config> & { access?: string; ratePolicy?: keyof ServerLimits['rate'] };
    // Swagger UI's own pages and assets: readable by any authenticated caller.
    if (config.access === undefined && route.url.startsWith('/docs')) config.access = 'viewer';
    if (config.access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access level`);
    if (config.ratePolicy !== undefined) {
      const rate = limits.rate[config.ratePolicy];
      config.rateLimit = { max: rate.max, timeWindow: rate.windowMs };
    }
    route.config = config;
    for (const method of [route.method].flat()) app.registeredRoutes.push({ method: String(method), url: route.url, access: config.access });
  });
}

function installCompilers(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    const result = (schema as z.ZodType).safeParse(data);
    return result.success ? { value: result.data } : { error: result.error };
  });
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

/**
 * The Vigil HTTP server: REST API under /api, OpenAPI at /openapi.json and /docs, /health. Test it with
 * `inject`; `vigil serve` listens. Closing it stops the job queue, the reader threads and the store.
 */
export function buildServer(options: ServerOptions): FastifyInstance {
  const limits = resolveLimits(limitsFromConfig(options.config?.server), options.limits);
  // pluginTimeout: building the API's schemas and OpenAPI document took over Fastify's default 10 s on a loaded
  // 2-core machine (a CI run), and a server that fails to start for that helps nobody.
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: limits.jsonBodyBytes, trustProxy: false, exposeHeadRoutes: false, pluginTimeout: 60_000 });
  const vigil = createContext(options, limits, app.log);
  app.decorate('vigil', vigil);
  installCompilers(app);
  installRouteRules(app, limits);
  installErrorHandlers(app);
  installSecurityHeaders(app);
  if (options.webDir !== false) app.register(webApp(options.webDir));
  const routes = [...ROUTES, ...(options.routes ?? [])];
  app.register(cookie);
  app.register(async (scope) => {
    installAuth(scope);
    await scope.register(rateLimit, {
      global: false,
      keyGenerator: (request) => (request.identity === null ? `ip:${request.ip}` : `token:${request.identity.tokenId}`),
      errorResponseBuilder: (_request, context) =>
        Object.assign(new ApiError('E_RATE_LIMIT', `rate limit reached: at most ${context.max} requests in ${context.after === '' ? 'the window' : context.after.replace(/^.*?(\d)/, '$1')}; retry later`), {
          retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        }),
    });
    await scope.register(multipart, {
      limits: { fileSize: limits.uploadFileBytes, files: limits.uploadFiles, fields: 20, fieldSize: 4096, parts: limits.uploadFiles + 20, headerPairs: 100 },
    });
    await registerOpenApi(scope, routes);
    await scope.register((api, _options, done) => {
      for (const route of routes) route.register(api);
      done();
    });
  });
  // Before connections are closed: ending the jobs also ends the progress streams that follow them.
  app.addHook('preClose', async () => {
    await vigil.jobs.close(limits.shutdownJobWaitMs);
  });
  app.addHook('onClose', async () => {
    await Promise.all([vigil.readers.fast.close(), vigil.readers.heavy.close()]);
    await vigil.usage.close();
    await vigil.jobRecords?.close();
    await vigil.assistants.close();
    vigil.reads.close();
    vigil.writes.store.close();
  });
  return app;
}
