import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { writeDemo } from '../../src/demo/index.ts';
import { analyzeStore } from '../../src/pipeline/analyze.ts';
import { ingest } from '../../src/pipeline/ingest.ts';
import type { Role } from '../../src/schema/api/auth.ts';
import { buildServer, type ServerOptions } from '../../src/server/app.ts';
import { openStore } from '../../src/store/index.ts';

export const ROLE_LIST: readonly Role[] = ['viewer', 'analyst', 'admin'];

export interface TestServer {
  app: FastifyInstance;
  dir: string;
  dbPath: string;
  uploadDir: string;
  secrets: Record<Role, string>;
  auth(role: Role): { authorization: string };
}

/** A store with a token per role (named after the role), and optionally `vigil demo` data ingested and analysed. */
export async function prepareStore(dir: string, options: { demo?: { volume: number; seed: number } } = {}): Promise<{ dbPath: string; secrets: Record<Role, string> }> {
  const dbPath = join(dir, 'vigil.db');
  const store = openStore(dbPath);
  try {
    const secrets = Object.fromEntries(ROLE_LIST.map((role) => [role, store.tokens.create(role, role, 'test').secret])) as Record<Role, string>;
    if (options.demo !== undefined) {
      const demo = await writeDemo(join(dir, 'demo'), { volume: options.demo.volume, seed: options.demo.seed });
      await ingest(store, [demo.logsDir], { tz: 'UTC', actor: 'test' });
      analyzeStore(store, { actor: 'test' });
    }
    return { dbPath, secrets };
  } finally {
    store.close();
  }
}

export async function startServer(dir: string, options: Partial<ServerOptions> & { demo?: { volume: number; seed: number } } = {}): Promise<TestServer> {
  const { dbPath, secrets } = await prepareStore(dir, { demo: options.demo });
  const uploadDir = join(dir, 'uploads');
  const app = buildServer({ dbPath, uploadDir, webDir: false, ...options });
  await app.ready();
  return { app, dir, dbPath, uploadDir, secrets, auth: (role) => ({ authorization: `Bearer ${secrets[role]}` }) };
}

export interface UploadFile {
  filename: string;
  content: string | Buffer;
  field?: string;
}

/** A multipart/form-data body; file names go as RFC 5987 `filename*` so any character (NUL, quotes, line breaks) arrives. */
export function multipart(files: readonly UploadFile[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----vigil${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const file of files) {
    const encoded = encodeURIComponent(file.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'files'}"; filename*=UTF-8''${encoded}\r\nContent-Type: application/octet-stream\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the documented shape it expects
export function body<T>(response: LightMyRequestResponse): T {
  return JSON.parse(response.body) as T;
}

/** Polls a job until it finishes (jobs run on threads; there is no event to await from a test). */
export async function waitForJob(server: TestServer, id: string, role: Role = 'viewer'): Promise<{ status: string; result: unknown; error: string | null }> {
  for (let i = 0; i < 600; i++) {
    const response = await server.app.inject({ url: `/api/jobs/${id}`, headers: server.auth(role) });
    const job = body<{ status: string; result: unknown; error: string | null }>(response);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${id} did not finish in 60 s`);
}

export const SYSLOG_SAMPLE = [
  'Nov 20 10:00:01 web1 sshd[100]: Failed password for root from 203.0.113.9 port 51000 ssh2',
  'Nov 20 10:00:02 web1 sshd[100]: Failed password for root from 203.0.113.9 port 51001 ssh2',
  'Nov 20 10:00:03 web1 sshd[101]: Accepted password for alice from 198.51.100.7 port 52000 ssh2',
].join('\n') + '\n';
