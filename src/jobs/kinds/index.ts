import type { JobResult } from '../../schema/api/jobs.ts';
import type { JobRequest, ProgressUpdate } from '../types.ts';
import { runAnalyzeJob } from './analyze.ts';
import { runIngestJob } from './ingest.ts';

export interface JobContext {
  dbPath: string;
  progress: (update: ProgressUpdate) => void;
}

/** Every job kind and the function that does its work (one line per kind). */
export function runJob(request: JobRequest, ctx: JobContext): Promise<JobResult> {
  switch (request.kind) {
    case 'ingest':
      return runIngestJob(request, ctx);
    case 'analyze':
      return runAnalyzeJob(request, ctx);
  }
}
