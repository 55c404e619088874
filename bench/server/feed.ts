import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';

export interface FeedReport {
  jobs: { file: string; events: number; inserted: number; seconds: number; status: string }[];
  /** Seconds of the measurement window during which an ingest job was running. */
  busySeconds: number;
}

interface JobView {
  id: string;
  status: string;
  started_at: string | null;
  finished_at: string | null;
  result: { kind: string; totals?: { events: number; inserted: number } } | null;
}

async function api<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Keeps an ingest job running for the whole window: uploads the files one by one through the API (multipart,
 * streamed from disk), each as soon as the previous job ended, until `until()` says stop.
 */
export async function feedIngest(url: string, token: string, files: readonly string[], until: () => boolean): Promise<FeedReport> {
  const report: FeedReport = { jobs: [], busySeconds: 0 };
  for (let i = 0; !until(); i++) {
    const file = files[i % files.length]!;
    if (i >= files.length) break;
    const form = new FormData();
    form.append('files', await openAsBlob(file), basename(file));
    const { job } = await api<{ job: JobView }>(`${url}/api/uploads`, token, { method: 'POST', body: form });
    let current = job;
    while (current.status === 'queued' || current.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      current = await api<JobView>(`${url}/api/jobs/${job.id}`, token);
    }
    const seconds = (Date.parse(current.finished_at ?? '') - Date.parse(current.started_at ?? '')) / 1000;
    report.busySeconds += seconds;
    report.jobs.push({ file: basename(file), events: current.result?.totals?.events ?? 0, inserted: current.result?.totals?.inserted ?? 0, seconds, status: current.status });
  }
  return report;
}
