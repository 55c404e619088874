import { useEffect } from 'react';
import type { Job } from '../../api/types.ts';
import { ErrorBox } from '../../components/common.tsx';
import { duration, num, time } from '../../lib/format.ts';
import { useApi, useInterval } from '../../lib/use-api.ts';

function summary(job: Job): string {
  if (job.result?.kind === 'ingest') return `${num(job.result.totals.events)} events, ${num(job.result.totals.inserted)} new, ${num(job.result.totals.errors)} errors in ${duration(job.result.durationMs)}`;
  if (job.result?.kind === 'analyze') return `${num(job.result.alerts)} alerts, ${num(job.result.incidents)} incidents in ${duration(job.result.durationMs)}`;
  if (job.status === 'running') return job.kind === 'ingest' ? `${num(job.progress.events)} events · ${job.progress.file ?? ''}` : 'detection and triage…';
  return job.error ?? '';
}

/** The server's recent jobs (any user's), refreshed while the page is open and whenever `refresh` changes. */
export function JobList({ refresh }: { refresh: string }) {
  const jobs = useApi<{ jobs: Job[] }>('/api/jobs?limit=20');
  const { reload } = jobs;
  useEffect(() => {
    reload();
  }, [refresh, reload]);
  const active = (jobs.data?.jobs ?? []).some((j) => j.status === 'running' || j.status === 'queued');
  useInterval(jobs.reload, active ? 1500 : 10_000);
  if (jobs.error !== undefined) return <ErrorBox error={jobs.error} />;
  const list = jobs.data?.jobs ?? [];
  if (list.length === 0) return <div className="empty">No jobs since the server started.</div>;
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>Created</th>
          <th>Kind</th>
          <th>Status</th>
          <th>By</th>
          <th>Files</th>
          <th>Result</th>
        </tr>
      </thead>
      <tbody>
        {list.map((job) => (
          <tr key={job.id}>
            <td className="mono small nowrap">{time(job.created_at)}</td>
            <td>{job.kind}</td>
            <td className={`status-${job.status}`}>{job.status}</td>
            <td className="small">{job.actor}</td>
            <td className="small clip">{job.input.files.map((f) => f.name).join(', ')}</td>
            <td className="small">{summary(job)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
