import { useEffect, useState, type SyntheticEvent } from 'react';
import { queryString } from '../../api/client.ts';
import type { AuditEntry, AuditPage as Page, AuditVerify } from '../../api/types.ts';
import { ErrorBox, Panel, Spinner } from '../../components/common.tsx';
import { clip, fromInputTime, num, time, toInputTime } from '../../lib/format.ts';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { useCan } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';

const ACTIONS = ['login', 'logout', 'auth-failed', 'auth-throttled', 'upload', 'ingest', 'analysis-request', 'analyze', 'question', 'export', 'audit-export', 'token-create', 'token-revoke', 'job-cancel'];

function Verify() {
  const verify = useApi<AuditVerify>('/api/audit/verify');
  if (verify.data === undefined) return verify.error === undefined ? <Spinner label="verifying the chain" /> : <ErrorBox error={verify.error} />;
  const v = verify.data;
  return (
    <div className={`chain ${v.ok ? 'ok' : 'bad'}`} data-testid="chain-status">
      {v.ok ? `✓ Hash chain intact: ${num(v.records)} records verified` : `✗ Hash chain broken at record ${v.firstBad?.seq ?? '?'}: ${v.firstBad?.reason ?? ''}`}
      <button type="button" className="btn ghost tiny" onClick={verify.reload} disabled={verify.loading}>
        verify again
      </button>
    </div>
  );
}

function Filters() {
  const location = useLocation();
  const p = location.params;
  const urlAction = p.get('action') ?? '';
  const urlActor = p.get('actor') ?? '';
  const [action, setAction] = useState(urlAction);
  const [actor, setActor] = useState(urlActor);
  const [since, setSince] = useState(toInputTime(p.get('since')));
  const [until, setUntil] = useState(toInputTime(p.get('until')));
  useEffect(() => {
    setAction(urlAction);
    setActor(urlActor);
  }, [urlAction, urlActor]);
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(withParams(location, { action: action.trim() || undefined, actor: actor.trim() || undefined, since: fromInputTime(since), until: fromInputTime(until), before: undefined }));
  };
  return (
    <form className="filters" onSubmit={apply} aria-label="audit filters">
      <input list="audit-actions" placeholder="action" value={action} onChange={(e) => setAction(e.target.value)} aria-label="action" size={16} />
      <datalist id="audit-actions">
        {ACTIONS.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <input placeholder="actor, e.g. token:alice(analyst)" value={actor} onChange={(e) => setActor(e.target.value)} aria-label="actor" size={26} />
      <input type="datetime-local" step={1} value={since} onChange={(e) => setSince(e.target.value)} aria-label="since" />
      <input type="datetime-local" step={1} value={until} onChange={(e) => setUntil(e.target.value)} aria-label="until" />
      <button className="btn small" type="submit">
        Filter
      </button>
    </form>
  );
}

function Row({ entry }: { entry: AuditEntry }) {
  const details = JSON.stringify(entry.details);
  return (
    <tr data-seq={entry.seq}>
      <td className="num">{entry.seq}</td>
      <td className="mono small nowrap">{time(entry.at)}</td>
      <td className="small">{entry.actor}</td>
      <td>
        <span className="tag">{entry.action}</span>
      </td>
      <td className="small clip">{entry.target ?? ''}</td>
      <td className="mono small details" title={clip(details, 2000)}>
        {clip(details, 200)}
      </td>
      <td className="mono tiny muted" title={entry.hash}>
        {entry.hash.slice(0, 10)}
      </td>
    </tr>
  );
}

/** The audit chain: who did what and when, filtered and paged, with its verification and downloads. */
export function AuditPage() {
  const location = useLocation();
  const p = location.params;
  const canExport = useCan('analyst');
  const filter = { action: p.get('action'), actor: p.get('actor'), since: p.get('since'), until: p.get('until') };
  const page = useApi<Page>(`/api/audit${queryString({ ...filter, before: p.get('before'), limit: 100 })}`);
  return (
    <div className="page">
      <Panel
        title="Audit log"
        actions={
          canExport ? (
            <span className="btn-row">
              <a className="btn small" href={`/api/audit/export${queryString({ ...filter, format: 'csv' })}`} download>
                Download CSV
              </a>
              <a className="btn small" href={`/api/audit/export${queryString({ ...filter, format: 'jsonl' })}`} download>
                Download JSONL
              </a>
            </span>
          ) : undefined
        }
      >
        <Verify />
        <Filters />
        <ErrorBox error={page.error} />
        {page.data === undefined ? (
          <Spinner />
        ) : (
          <table className="table compact audit-table">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Time (UTC)</th>
                <th>Actor</th>
                <th>Action</th>
                <th>Target</th>
                <th>Details</th>
                <th>Hash</th>
              </tr>
            </thead>
            <tbody>
              {page.data.entries.map((entry) => (
                <Row key={entry.seq} entry={entry} />
              ))}
            </tbody>
          </table>
        )}
        <div className="pager">
          <button className="btn small" type="button" disabled={p.get('before') === null} onClick={() => navigate(withParams(location, { before: undefined }))}>
            Newest
          </button>
          <button className="btn small" type="button" disabled={page.data?.next === null || page.data === undefined} onClick={() => navigate(withParams(location, { before: String(page.data?.next ?? '') }))}>
            Older →
          </button>
        </div>
      </Panel>
    </div>
  );
}
