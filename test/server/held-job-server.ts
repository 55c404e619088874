import { buildServer } from '../../src/server/app.ts';

/**
 * A server process whose jobs never finish (test/server/jobs.test.ts kills it while a job runs): started with
 * `node --import tsx held-job-server.ts <store> <upload dir>`, it prints `{"url": …}` once it listens.
 */
const [dbPath, uploadDir] = process.argv.slice(2);
if (dbPath === undefined || uploadDir === undefined) throw new Error('usage: held-job-server.ts <store> <upload dir>');
const app = buildServer({ dbPath, uploadDir, webDir: false, jobExecutor: () => ({ done: new Promise(() => undefined), abort: () => Promise.resolve() }) });
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ url })}\n`);
