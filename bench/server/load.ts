import { Agent, request } from 'node:http';

export interface RouteLoad {
  name: string;
  connections: number;
  /** The URLs a client cycles through (path + query). */
  paths: readonly string[];
}

export interface RouteResult {
  name: string;
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  bytes: number;
  latenciesMs: number[];
}

function get(agent: Agent, base: URL, path: string, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Closed-loop clients on keep-alive connections: each sends its next request as soon as the previous answer
 * ended (no think time), until `durationMs` has passed. Every request's latency is kept for percentiles.
 */
export async function runLoad(url: string, token: string, routes: readonly RouteLoad[], durationMs: number): Promise<RouteResult[]> {
  const base = new URL(url);
  const deadline = performance.now() + durationMs;
  const results = routes.map((r): RouteResult => ({ name: r.name, requests: 0, errors: 0, statuses: {}, bytes: 0, latenciesMs: [] }));
  const clients: Promise<void>[] = [];
  routes.forEach((route, index) => {
    const agent = new Agent({ keepAlive: true, maxSockets: route.connections });
    const result = results[index]!;
    for (let c = 0; c < route.connections; c++) {
      clients.push((async () => {
        let i = c;
        while (performance.now() < deadline) {
          const path = route.paths[i++ % route.paths.length]!;
          const started = performance.now();
          try {
            const { status, bytes } = await get(agent, base, path, token);
            result.statuses[status] = (result.statuses[status] ?? 0) + 1;
            if (status < 200 || status >= 300) result.errors++;
            result.bytes += bytes;
          } catch {
            result.errors++;
            result.statuses.socket = (result.statuses.socket ?? 0) + 1;
          }
          result.latenciesMs.push(performance.now() - started);
          result.requests++;
        }
      })());
    }
    void Promise.allSettled(clients).then(() => agent.destroy());
  });
  await Promise.all(clients);
  return results;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
