import type { Worker } from 'node:worker_threads';
import { JobResultSchema } from '../schema/api/jobs.ts';
import { startModuleWorker } from '../util/worker.ts';
import type { JobExecutor, JobRequest, ProgressUpdate, RunningWork } from './types.ts';

/** Messages from a job thread. */
export type FromJobThread =
  | { type: 'progress'; update: ProgressUpdate }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; message: string };

export interface JobThreadInput {
  request: JobRequest;
  dbPath: string;
}

function startWorker(input: JobThreadInput, maxOldGenerationSizeMb: number): Worker {
  return startModuleWorker(import.meta.url, 'worker', { workerData: input, resourceLimits: { maxOldGenerationSizeMb } });
}

/**
 * Runs each job on its own worker thread with its own store connection, so the server's event loop keeps
 * answering while an ingest writes or an analysis evaluates rules over millions of events.
 */
export function threadExecutor(options: { maxOldGenerationSizeMb: number }): JobExecutor {
  return (request, dbPath, progress): RunningWork => {
    const worker = startWorker({ request, dbPath }, options.maxOldGenerationSizeMb);
    let settled = false;
    const done = new Promise<ReturnType<typeof JobResultSchema.parse>>((resolve, reject) => {
      worker.on('message', (message: FromJobThread) => {
        if (message.type === 'progress') progress(message.update);
        else if (message.type === 'done') {
          settled = true;
          resolve(JobResultSchema.parse(message.result));
        } else {
          settled = true;
          reject(new Error(message.message));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`the job thread stopped (exit code ${code})`));
      });
    });
    return {
      done,
      abort: async () => {
        await worker.terminate();
      },
    };
  };
}
