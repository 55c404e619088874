import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../server/app.ts';
import type { Store } from '../../store/index.ts';
import { VigilError } from '../../util/errors.ts';
import type { CliContext } from '../context.ts';
import { line, paint, printJson } from '../output.ts';
import { defineCommand } from './command.ts';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8484;

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new VigilError('E_USAGE', `--port expects 0-65535, got ${value}`);
  return port;
}

/** On a store that never had a token: an admin token, whose secret is printed this once and never logged. */
function firstAdminToken(store: Store, actor: string): { name: string; secret: string } | undefined {
  return store.db.transaction(() => {
    if (store.tokens.list().length > 0) return undefined;
    const { token, secret } = store.tokens.create('admin', 'admin', actor);
    store.audit.append({ actor, action: 'token-create', target: token.name, details: { role: 'admin', firstStart: true } });
    return { name: token.name, secret };
  }).immediate();
}

/** Resolves on SIGINT/SIGTERM after a graceful close (requests finished, running job awaited); a second signal exits at once. */
function untilSignal(app: FastifyInstance, ctx: CliContext): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(130);
      stopping = true;
      if (!ctx.output.quiet) ctx.output.err.write(`vigil serve: ${signal}, shutting down (a running job gets up to 30 s to finish; ${signal} again to stop now)\n`);
      app.close().then(
        () => resolve(0),
        (error: unknown) => {
          ctx.output.err.write(`vigil serve: shutdown failed: ${String(error)}\n`);
          resolve(70);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const serveCommand = defineCommand({
  name: 'serve',
  define: (c) =>
    c
      .description('Serve the REST API (OpenAPI at /docs) on this store. The first start creates an admin token and prints it once.')
      .option('--host <host>', `address to listen on (default ${DEFAULT_HOST}, or server.host of the config)`)
      .option('--port <port>', `port (default ${DEFAULT_PORT}, or server.port of the config)`, parsePort)
      .option('--upload-dir <dir>', 'where uploaded files are kept (default <store>.uploads)'),
  async run(ctx: CliContext, _args, options) {
    const config = ctx.fileConfig();
    const host = (options.host as string | undefined) ?? config.server?.host ?? DEFAULT_HOST;
    const port = (options.port as number | undefined) ?? config.server?.port ?? DEFAULT_PORT;
    const store = ctx.openStore();
    let first: { name: string; secret: string } | undefined;
    try {
      first = firstAdminToken(store, ctx.actor);
    } finally {
      store.close();
    }
    const app = buildServer({
      dbPath: ctx.dbPath,
      config,
      uploadDir: options.uploadDir as string | undefined,
      // Logs go to stderr: stdout carries the start message (or the one JSON document with --json).
      logger: { level: ctx.output.quiet ? 'warn' : (process.env.VIGIL_LOG_LEVEL ?? 'info'), stream: process.stderr },
    });
    const url = await app.listen({ host, port });
    if (ctx.output.json) printJson(ctx.output, { url, db: ctx.dbPath, uploadDir: app.vigil.uploadDir, ...(first === undefined ? {} : { firstToken: first }) });
    else {
      if (first !== undefined) {
        line(ctx.output, `first start: created admin token "${first.name}"; its secret is shown this once, never logged (keep it safe):`);
        line(ctx.output, `  ${paint(ctx.output, 'bold', first.secret)}`);
      }
      line(ctx.output, `vigil serve: ${url} (API /api, docs ${url}/docs) on ${ctx.dbPath}`);
    }
    return untilSignal(app, ctx);
  },
});
