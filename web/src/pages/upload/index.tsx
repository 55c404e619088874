import { useCallback, useRef, useState, type DragEvent } from 'react';
import { api, errorText } from '../../api/client.ts';
import type { Job, JobAccepted } from '../../api/types.ts';
import { ErrorBox, Panel } from '../../components/common.tsx';
import { num } from '../../lib/format.ts';
import { Link } from '../../lib/router.tsx';
import { useCan } from '../../lib/session.tsx';
import { FileRow, type UploadItem } from './file-row.tsx';
import { JobList } from './job-list.tsx';
import { followJob, uploadFile, type UploadOptions } from './uploader.ts';

let nextKey = 1;

type AnalysisState = { phase: 'idle' } | { phase: 'running'; job?: Job } | { phase: 'done'; job: Job } | { phase: 'failed'; error: string };

/** Drag files in: each is uploaded, ingested as a job with live progress, and reported; then analysed. */
export function UploadPage() {
  const canUpload = useCan('analyst');
  const [items, setItems] = useState<UploadItem[]>([]);
  const [options, setOptions] = useState<UploadOptions>({ tz: '' });
  const [analyzeAfter, setAnalyzeAfter] = useState(true);
  const [analysis, setAnalysis] = useState<AnalysisState>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const queue = useRef(Promise.resolve());
  const waiting = useRef(0);
  const insertedSinceAnalysis = useRef(false);
  const input = useRef<HTMLInputElement>(null);

  const update = useCallback((key: number, change: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i))), []);

  const runOne = useCallback(
    async (file: File, key: number): Promise<boolean> => {
      update(key, { phase: 'uploading' });
      try {
        const accepted = await uploadFile(file, options, (fraction) => update(key, { uploaded: fraction })).done;
        update(key, { phase: 'queued', uploaded: 1, job: accepted });
        const finished = await followJob(accepted.id, (job) => update(key, { job, phase: job.status === 'running' ? 'ingesting' : job.status === 'queued' ? 'queued' : 'ingesting' }));
        if (finished.status !== 'completed') {
          update(key, { phase: 'failed', job: finished, error: finished.error ?? `job ${finished.status}` });
          return false;
        }
        update(key, { phase: 'done', job: finished });
        // New or updated events: the analysis has something to look at again.
        return finished.result?.kind === 'ingest' && finished.result.totals.inserted + finished.result.totals.updated > 0;
      } catch (error) {
        update(key, { phase: 'failed', error: errorText(error) });
        return false;
      }
    },
    [options, update],
  );

  const analyze = useCallback(async () => {
    setAnalysis({ phase: 'running' });
    try {
      const { job } = await api.post<JobAccepted>('/api/analyze', {});
      const finished = await followJob(job.id, (update) => setAnalysis({ phase: 'running', job: update }));
      setAnalysis(finished.status === 'completed' ? { phase: 'done', job: finished } : { phase: 'failed', error: finished.error ?? `analysis ${finished.status}` });
    } catch (error) {
      setAnalysis({ phase: 'failed', error: errorText(error) });
    }
  }, []);

  const addFiles = useCallback(
    (files: readonly File[]) => {
      if (files.length === 0) return;
      const added = files.map((file) => ({ file, item: { key: nextKey++, name: file.name, size: file.size, phase: 'waiting' as const, uploaded: 0 } }));
      setItems((all) => [...all, ...added.map((a) => a.item)]);
      waiting.current++;
      queue.current = queue.current.then(async () => {
        for (const { file, item } of added) if (await runOne(file, item.key)) insertedSinceAnalysis.current = true;
        waiting.current--;
        // One analysis when the last queued file is in, not one per drop.
        if (waiting.current === 0 && insertedSinceAnalysis.current && analyzeAfter) {
          insertedSinceAnalysis.current = false;
          await analyze();
        }
      });
    },
    [runOne, analyze, analyzeAfter],
  );

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    addFiles([...event.dataTransfer.files]);
  };

  if (!canUpload) return <ErrorBox error={new Error('Uploading needs the analyst role.')} />;
  const result = analysis.phase === 'done' && analysis.job.result?.kind === 'analyze' ? analysis.job.result : undefined;
  return (
    <div className="page upload-page">
      <Panel title="Upload logs">
        <div
          className={`dropzone ${dragging ? 'dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={drop}
          onClick={() => input.current?.click()}
          data-testid="dropzone"
        >
          <strong>Drop log files here</strong> or click to choose (syslog, web access, Windows JSON, Zeek, CEF, CSV…, also .gz, .zst, .zip, .tar)
          <input
            ref={input}
            type="file"
            multiple
            hidden
            data-testid="file-input"
            onChange={(e) => {
              addFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
        <div className="filters">
          <label className="inline">
            Time zone for times without one{' '}
            <input value={options.tz} placeholder="server default" onChange={(e) => setOptions({ ...options, tz: e.target.value.trim() })} size={16} aria-label="time zone" />
          </label>
          <label className="inline" title="One rule per line, <glob>=<zone>, matched against each file's name and, in an archive, <name>!<member>: dc01/**=Europe/Berlin. The first rule that matches gives the zone; other files take the zone on the left.">
            Zones by file name{' '}
            <textarea
              value={(options.tzFor ?? []).join('\n')}
              placeholder="dc01/**=Europe/Berlin"
              rows={1}
              cols={28}
              onChange={(e) => {
                const rules = e.target.value.split('\n');
                setOptions({ ...options, tzFor: rules.some((r) => r.trim() !== '') ? rules : undefined });
              }}
              aria-label="zones by file name"
              data-testid="tz-for"
            />
          </label>
          <label className="inline">
            Format <input value={options.format ?? ''} placeholder="detect" onChange={(e) => setOptions({ ...options, format: e.target.value.trim() || undefined })} size={14} aria-label="format" />
          </label>
          <label className="inline" title="Events already stored from these files are kept as they were read, unless this is checked: then those this version reads differently (a field now mapped, a time now resolved) are updated, under the same ids.">
            <input type="checkbox" checked={options.refresh === true} onChange={(e) => setOptions({ ...options, refresh: e.target.checked })} data-testid="refresh" /> Read stored events again with this version
          </label>
          <label className="inline">
            <input type="checkbox" checked={analyzeAfter} onChange={(e) => setAnalyzeAfter(e.target.checked)} /> Run detection and triage when the files are in
          </label>
          <button type="button" className="btn small" onClick={() => void analyze()} disabled={analysis.phase === 'running'}>
            Analyse now
          </button>
        </div>
        {items.length > 0 && (
          <table className="table uploads">
            <thead>
              <tr>
                <th>File</th>
                <th className="num">Size</th>
                <th>Progress</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <FileRow key={item.key} item={item} />
              ))}
            </tbody>
          </table>
        )}
        <div className="analysis-status" data-testid="analysis-status">
          {analysis.phase === 'running' && <span className="live"><span className="pulse" /> Analysing: detection and triage over every stored event…</span>}
          {analysis.phase === 'failed' && <span className="error-text">Analysis failed: {analysis.error}</span>}
          {result !== undefined && (
            <span>
              Analysis done: {num(result.alerts)} alerts, {num(result.incidents)} incidents ({Object.entries(result.bySeverity).map(([s, n]) => `${num(n)} ${s}`).join(', ')}) · <Link to="/incidents">View incidents</Link>
            </span>
          )}
        </div>
      </Panel>
      <Panel title="Recent jobs">
        <JobList refresh={`${analysis.phase}:${items.map((i) => i.phase).join(',')}`} />
      </Panel>
    </div>
  );
}
