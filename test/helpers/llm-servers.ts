/**
 * Local LLM servers for tests (the one thing Vigil's tests do not run for real): node:http on 127.0.0.1 at a
 * free port, speaking the exact wire formats of Ollama's native API, OpenAI-compatible servers and Anthropic's
 * Messages API, and recording every request.
 *
 *   const server = await startLlmServer('ollama', { models: ['llama3.2:latest'] });
 *   server.replyWith({ deltas: ['Hel', 'lo ☃'], chunking: { every: 3 }, delayMs: 5 });  // the next chat reply
 *   server.replyWith({ status: 503, headers: { 'retry-after': '0' } });                  // an error, real body
 *   createProvider({ provider: 'ollama', model: 'llama3.2', baseUrl: server.baseUrl });
 *   pick(server.requests[0]?.body, 'options.num_ctx');  server.requests[0]?.headers.authorization;
 *   await server.close();
 *
 * Routes: ollama `POST /api/chat`, `POST /api/embed`, `GET /api/tags`; openai (baseUrl ends in /v1)
 * `POST /v1/chat/completions`, `POST /v1/embeddings`, `GET /v1/models`; anthropic `POST /v1/messages`,
 * `GET /v1/models`. Replies queued with `replyWith(reply, route)` are used first, in order; with none queued a
 * route behaves like the real server: chat streams `defaultDeltas`, embed returns `embedVector(text)` per
 * input, models lists `models`, and a model not in `models` gets the server's own 404. With `apiKey` set,
 * requests without the right `Authorization: Bearer` (openai) or `x-api-key` (anthropic) get a real 401.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { embeddingsBody, errorBody, modelMissingMessage, modelsBody, streamContentType, streamEvents, type LlmWire } from './llm-wire.ts';

export type { LlmWire } from './llm-wire.ts';
export { embedVector } from './llm-wire.ts';

/** A streamed chat reply. */
export interface StreamReply {
  /** The text pieces, one wire event each. */
  deltas: string[];
  /** How the encoded stream is cut into writes: per event (default), every n bytes, or at these byte offsets. */
  chunking?: 'events' | { every: number } | { at: readonly number[] };
  /** Pause before every write but the first (a slow stream). */
  delayMs?: number;
  /** The format's keep-alive (SSE comment, Anthropic ping) before every event. */
  keepAlive?: boolean;
  /**
   * complete (default); `cut`: the deltas, half of the next event, then the socket is destroyed; `early`: the
   * deltas, then the response ends cleanly without the end marker; `stall`: the deltas, then nothing while the
   * connection stays open; `{ error }`: the format's mid-stream error event.
   */
  end?: 'complete' | 'cut' | 'early' | 'stall' | { error: string };
}

/** An error status with a body in the wire's own error shape (`message` defaults to a generic one). */
export interface ErrorReply {
  status: number;
  message?: string;
  headers?: Record<string, string>;
}

/** Exactly these bytes. */
export interface RawReply {
  raw: string;
  status?: number;
  headers?: Record<string, string>;
}

/** `reset`: the socket is destroyed before any byte of a response; `stall`: no response ever starts. */
export type Reply = StreamReply | ErrorReply | RawReply | { reset: true } | { stall: true };

export type Route = 'chat' | 'embed' | 'models' | 'other';

export interface RecordedRequest {
  route: Route;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The JSON body (undefined for GET or a body that is not JSON). */
  body: unknown;
  /** Date.now() when the request arrived. */
  at: number;
  /** `finished` when the whole reply was sent, `closed` when the connection ended before (client left, cut). */
  outcome: Promise<'finished' | 'closed'>;
}

export interface LlmServerOptions {
  /** Models the server has (used for listing and for its 404 on others); default: every model exists. */
  models?: string[];
  apiKey?: string;
  defaultDeltas?: string[];
  embedDimensions?: number;
}

export interface FakeLlmServer {
  wire: LlmWire;
  /** http://127.0.0.1:port */
  origin: string;
  /** What `llm.baseUrl` should be (origin + `/v1` for openai). */
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  replyWith(reply: Reply, route?: Route): void;
  close(): Promise<void>;
}

const ROUTES: Record<LlmWire, Record<string, Route>> = {
  ollama: { 'POST /api/chat': 'chat', 'POST /api/embed': 'embed', 'GET /api/tags': 'models' },
  openai: { 'POST /v1/chat/completions': 'chat', 'POST /v1/embeddings': 'embed', 'GET /v1/models': 'models' },
  anthropic: { 'POST /v1/messages': 'chat', 'GET /v1/models': 'models' },
};

export async function startLlmServer(wire: LlmWire, options: LlmServerOptions = {}): Promise<FakeLlmServer> {
  const queues = new Map<Route, Reply[]>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(wire, options, queues, requests, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    wire,
    origin,
    baseUrl: wire === 'openai' ? `${origin}/v1` : origin,
    port,
    requests,
    replyWith: (reply, route = 'chat') => queues.set(route, [...(queues.get(route) ?? []), reply]),
    close: () => closeServer(server),
  };
}

/** A port nothing listens on (bound, then released): connections to it are refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await closeServer(server);
  return port;
}

/** A value inside a recorded JSON body by dotted path (`options.num_ctx`, `messages.0.role`). */
export function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function handle(wire: LlmWire, options: LlmServerOptions, queues: Map<Route, Reply[]>, requests: RecordedRequest[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = Date.now();
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const route = ROUTES[wire][`${req.method ?? 'GET'} ${path}`] ?? 'other';
  const text = await readBody(req);
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const outcome = new Promise<'finished' | 'closed'>((resolve) => res.on('close', () => resolve(res.writableFinished ? 'finished' : 'closed')));
  requests.push({ route, method: req.method ?? 'GET', path, headers: req.headers, body, at, outcome });
  const queued = queues.get(route)?.shift();
  await respond(wire, options, route, queued, req, res, body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
  });
}

async function respond(wire: LlmWire, options: LlmServerOptions, route: Route, reply: Reply | undefined, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  if (reply !== undefined && 'reset' in reply) return void req.socket.destroy();
  if (reply !== undefined && 'stall' in reply) return;
  if (reply !== undefined && 'raw' in reply) return void res.writeHead(reply.status ?? 200, reply.headers).end(reply.raw);
  if (reply !== undefined && 'status' in reply) return sendError(res, wire, reply.status, reply.message ?? `status ${reply.status} from the test server`, reply.headers);
  const refusal = refuse(wire, options, route, req, body);
  if (refusal !== undefined) return sendError(res, wire, refusal.status, refusal.message);
  const named = pick(body, 'model');
  const model = typeof named === 'string' ? named : 'test-model';
  if (route === 'models') return void res.writeHead(200, { 'content-type': 'application/json' }).end(modelsBody(wire, options.models ?? []));
  if (route === 'embed') {
    const input = pick(body, 'input');
    const texts = Array.isArray(input) ? input.map(String) : [String(input)];
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(embeddingsBody(wire, model, texts, options.embedDimensions ?? 4));
  }
  await stream(res, wire, model, reply ?? { deltas: options.defaultDeltas ?? ['ok'] });
}

/** What the real server refuses before answering: unknown routes, bad credentials, unknown models. */
function refuse(wire: LlmWire, options: LlmServerOptions, route: Route, req: IncomingMessage, body: unknown): { status: number; message: string } | undefined {
  if (route === 'other') return { status: 404, message: '404 page not found' };
  if (options.apiKey !== undefined && wire === 'openai' && req.headers.authorization !== `Bearer ${options.apiKey}`) return { status: 401, message: 'Incorrect API key provided.' };
  if (options.apiKey !== undefined && wire === 'anthropic' && req.headers['x-api-key'] !== options.apiKey) return { status: 401, message: 'invalid x-api-key' };
  if (wire === 'anthropic' && req.headers['anthropic-version'] === undefined) return { status: 400, message: 'anthropic-version: header is required' };
  const model = pick(body, 'model');
  if (route === 'models' || options.models === undefined || typeof model !== 'string') return undefined;
  const known = options.models.some((m) => (wire === 'ollama' ? withLatest(m) === withLatest(model) : m === model));
  return known ? undefined : { status: 404, message: modelMissingMessage(wire, model) };
}

function withLatest(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function sendError(res: ServerResponse, wire: LlmWire, status: number, message: string, headers: Record<string, string> = {}): void {
  const plain = wire === 'ollama' && message === '404 page not found';
  res.writeHead(status, { 'content-type': plain ? 'text/plain' : 'application/json', ...headers }).end(plain ? message : errorBody(wire, status, message));
}

async function stream(res: ServerResponse, wire: LlmWire, model: string, reply: StreamReply): Promise<void> {
  const events = streamEvents(wire, model, reply.deltas);
  const keep = reply.keepAlive === true && events.keepAlive !== undefined ? events.keepAlive : '';
  const end = reply.end ?? 'complete';
  const body = [...events.head, ...events.deltas].map((e) => keep + e);
  if (end === 'complete') body.push(...events.tail.map((e) => keep + e));
  else if (end === 'cut') body.push((events.tail[0] ?? '').slice(0, Math.max(1, Math.floor((events.tail[0] ?? '').length / 2))));
  else if (typeof end === 'object') body.push(events.error(end.error));
  res.writeHead(200, { 'content-type': streamContentType(wire), 'cache-control': 'no-cache' });
  res.flushHeaders();
  for (const [i, piece] of pieces(body, reply.chunking ?? 'events').entries()) {
    if (res.destroyed) return;
    if (i > 0 && (reply.delayMs ?? 0) > 0) await sleep(reply.delayMs);
    else if (i > 0 && reply.chunking !== undefined) await new Promise((resolve) => setImmediate(resolve));
    res.write(piece);
  }
  if (end === 'cut') res.destroy();
  else if (end !== 'stall') res.end();
}

function pieces(events: string[], chunking: NonNullable<StreamReply['chunking']>): Buffer[] {
  if (chunking === 'events') return events.map((e) => Buffer.from(e));
  const all = Buffer.from(events.join(''));
  const cuts = 'every' in chunking ? Array.from({ length: Math.ceil(all.length / chunking.every) }, (_, i) => i * chunking.every) : [0, ...chunking.at];
  const sorted = [...new Set(cuts.filter((c) => c >= 0 && c < all.length))].sort((a, b) => a - b);
  return sorted.map((start, i) => all.subarray(start, sorted[i + 1] ?? all.length));
}
