import type { FastifyReply } from 'fastify';

export interface SseStream {
  /** Sends one event; `data` is sent as one line of JSON. */
  send(event: string, data: unknown): void;
  close(): void;
  readonly closed: boolean;
  /** Called once when the client goes away or the stream is closed. */
  onClose(listener: () => void): void;
}

const EVENT_NAME = /^[a-z][a-z0-9-]{0,40}$/;

/**
 * Server-sent events on a reply: headers written at once, a comment every `heartbeatMs` so proxies keep the
 * connection, and cleanup when the client disconnects. Event names are ours; data is JSON, which never
 * holds a raw line break, so no field can inject SSE fields.
 */
export function openSse(reply: FastifyReply, heartbeatMs = 15_000): SseStream {
  void reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  raw.write(': stream open\n\n');
  const listeners: (() => void)[] = [];
  let closed = false;
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
  heartbeat.unref();
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    for (const listener of listeners.splice(0)) listener();
  };
  raw.on('close', finish);
  return {
    send(event, data) {
      if (closed) return;
      if (!EVENT_NAME.test(event)) throw new Error(`not an SSE event name: ${event}`);
      raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (closed) return;
      raw.end();
      finish();
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
  };
}
