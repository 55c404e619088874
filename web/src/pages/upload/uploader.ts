import { ApiFailure, SESSION_ENDED, csrfHeaders, queryString } from '../../api/client.ts';
import type { ApiErrorBody, Job, JobAccepted } from '../../api/types.ts';

export interface UploadOptions {
  tz: string;
  format?: string;
  year?: number;
  /** Update the stored events these files' records are read differently into (after an upgrade). */
  refresh?: boolean;
  /** Zones by file name, before `tz`: `<glob>=<zone>` rules (`vigil ingest --tz-for`), for archives of several machines. */
  tzFor?: string[];
}

function failureOfXhr(xhr: XMLHttpRequest): ApiFailure {
  if (xhr.status === 401) window.dispatchEvent(new Event(SESSION_ENDED));
  try {
    const body = JSON.parse(xhr.responseText) as Partial<ApiErrorBody>;
    if (body.error !== undefined) return new ApiFailure(xhr.status, body.error.code, body.error.message);
  } catch {
    // not the API's error format
  }
  return new ApiFailure(xhr.status, 'E_HTTP', `upload failed: HTTP ${xhr.status}`);
}

/** Uploads one file as multipart (XMLHttpRequest: fetch reports no upload progress); resolves with its job. */
export function uploadFile(file: File, options: UploadOptions, onProgress: (fraction: number) => void): { done: Promise<Job>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Job>((resolve, reject) => {
    xhr.open('POST', `/api/uploads${queryString({ tz: options.tz, tzFor: options.tzFor?.filter((rule) => rule.trim() !== ''), format: options.format, year: options.year, refresh: options.refresh === true ? 'true' : undefined })}`);
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status === 202) resolve((JSON.parse(xhr.responseText) as JobAccepted).job);
      else reject(failureOfXhr(xhr));
    };
    xhr.onerror = () => reject(new ApiFailure(0, 'E_NETWORK', 'the upload was interrupted (network error)'));
    xhr.onabort = () => reject(new ApiFailure(0, 'E_ABORTED', 'upload cancelled'));
    const form = new FormData();
    form.append('files', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

const FINISHED = new Set<Job['status']>(['completed', 'failed', 'cancelled']);

export const isFinished = (job: Job): boolean => FINISHED.has(job.status);

/**
 * Follows a job's progress as server-sent events until it finishes (then the stream is closed so the browser
 * does not reconnect). Resolves with the finished job.
 */
export function followJob(id: string, onUpdate: (job: Job) => void): Promise<Job> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    source.addEventListener('job', (message) => {
      const job = JSON.parse((message as MessageEvent<string>).data) as Job;
      onUpdate(job);
      if (isFinished(job)) {
        source.close();
        resolve(job);
      }
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) reject(new ApiFailure(0, 'E_NETWORK', 'lost the job progress stream'));
    };
  });
}
