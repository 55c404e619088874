import { createConnection } from 'node:net';
import type { TestContext } from 'node:test';

export const REDIS_URL = process.env.VIGIL_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * The test Redis URL, or undefined after marking the test skipped with the reason. Under `CI=true` a missing
 * Redis is a failure: CI machines run one.
 */
export async function redisOrSkip(t: TestContext): Promise<string | undefined> {
  if (await reachable(REDIS_URL)) return REDIS_URL;
  if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true and ${REDIS_URL} is not reachable`);
  t.skip(`no Redis reachable at ${REDIS_URL}`);
  return undefined;
}
