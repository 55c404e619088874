import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../util/errors.ts';
import { lowerThreadPriority } from '../util/thread-priority.ts';
import { runJob } from './kinds/index.ts';
import type { FromJobThread, JobThreadInput } from './thread.ts';

/** A job thread: runs one job against its own store connection and reports progress and the outcome. */

// Ingests and analyses yield the CPU to the threads that answer requests.
lowerThreadPriority(10);

const input = workerData as JobThreadInput;
const port = parentPort;
if (port === null) throw new Error('jobs/worker.ts runs as a worker thread');
const post = (message: FromJobThread) => port.postMessage(message);

try {
  const result = await runJob(input.request, { dbPath: input.dbPath, progress: (update) => post({ type: 'progress', update }) });
  post({ type: 'done', result });
} catch (error) {
  post({ type: 'failed', message: errorMessage(error) });
}
