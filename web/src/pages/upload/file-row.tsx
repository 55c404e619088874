import type { Job } from '../../api/types.ts';
import { bytes, num } from '../../lib/format.ts';

export type Phase = 'waiting' | 'uploading' | 'queued' | 'ingesting' | 'done' | 'failed';

export interface UploadItem {
  key: number;
  name: string;
  size: number;
  phase: Phase;
  uploaded: number;
  job?: Job;
  error?: string;
}

function progressOf(item: UploadItem): number {
  if (item.phase === 'done') return 1;
  if (item.phase === 'uploading' || item.phase === 'waiting') return item.uploaded * 0.5;
  const p = item.job?.progress;
  if (p?.bytesTotal !== null && p?.bytesTotal !== undefined && p.bytesTotal > 0) return 0.5 + 0.5 * Math.min(1, p.bytes / p.bytesTotal);
  return 0.5;
}

function Result({ item }: { item: UploadItem }) {
  const result = item.job?.result;
  if (item.error !== undefined) return <span className="error-text">{item.error}</span>;
  if (item.phase === 'ingesting' || item.phase === 'queued') return <span className="muted">{item.phase === 'queued' ? 'queued' : `${num(item.job?.progress.events ?? 0)} events read`}</span>;
  if (result?.kind !== 'ingest') return <span className="muted">{item.phase === 'uploading' ? `uploading ${Math.round(item.uploaded * 100)}%` : item.phase}</span>;
  return (
    <span className="file-result">
      {result.files.map((f) => (
        <span key={f.sha256 + f.name} className="file-result-line" data-testid="file-result">
          <span className="tag">{f.format ?? 'unknown format'}</span> {num(f.events)} events · {num(f.inserted)} new · {f.updated > 0 ? `${num(f.updated)} updated · ` : ''}
          {num(f.duplicates)} duplicates ·{' '}
          <span className={f.errors > 0 ? 'warn' : ''}>{num(f.errors)} errors</span>
          {f.problem !== null && <span className="error-text"> · {f.problem}</span>}
          {f.tz !== null && <span className="muted small" data-testid="file-zone"> · times without a zone read in {f.tz}</span>}
          {f.sameLogAs !== null && (
            <span className="muted small" data-testid="same-log">
              {' '}
              · the same log as {f.sameLogAs} (grown or renamed since): only its new records were added
            </span>
          )}
          {f.errorSamples.length > 0 && (
            <details>
              <summary className="small">error samples</summary>
              <ul className="plain small mono">
                {f.errorSamples.map((s, i) => (
                  <li key={i}>
                    line {s.line}: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </span>
      ))}
    </span>
  );
}

/** One file of the upload: its progress (upload, then ingest) and what the ingest found in it. */
export function FileRow({ item }: { item: UploadItem }) {
  return (
    <tr className={`upload-row phase-${item.phase}`} data-file={item.name}>
      <td className="mono">{item.name}</td>
      <td className="num nowrap">{bytes(item.size)}</td>
      <td className="progress-cell">
        <progress max={1} value={progressOf(item)} aria-label={`progress of ${item.name}`} />
        <span className="small muted phase">{item.phase}</span>
      </td>
      <td>
        <Result item={item} />
      </td>
    </tr>
  );
}
