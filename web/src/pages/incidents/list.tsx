import { useEffect, useState, type SyntheticEvent } from 'react';
import { queryString } from '../../api/client.ts';
import type { IncidentsPage as Page, Severity } from '../../api/types.ts';
import { ErrorBox, Panel, SEVERITIES, Spinner } from '../../components/common.tsx';
import { num } from '../../lib/format.ts';
import { rangeOf } from '../../lib/links.ts';
import { navigate, useLocation, withParams } from '../../lib/router.tsx';
import { useCan } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { IncidentTable } from './table.tsx';

const PAGE = 50;
const SORTS = [
  ['severity', 'Severity'],
  ['score', 'Score'],
  ['last_seen', 'Last seen'],
  ['first_seen', 'First seen'],
] as const;

function Filters() {
  const location = useLocation();
  const params = location.params;
  const urlTechnique = params.get('technique') ?? '';
  const urlEntity = params.get('entity') ?? '';
  const [technique, setTechnique] = useState(urlTechnique);
  const [entity, setEntity] = useState(urlEntity);
  useEffect(() => {
    setTechnique(urlTechnique);
    setEntity(urlEntity);
  }, [urlTechnique, urlEntity]);
  const severities = params.getAll('severity');
  const toggle = (severity: Severity) => {
    const next = severities.includes(severity) ? severities.filter((s) => s !== severity) : [...severities, severity];
    navigate(withParams(location, { severity: next, offset: undefined }));
  };
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(withParams(location, { technique: technique.trim() || undefined, entity: entity.trim() || undefined, offset: undefined }));
  };
  return (
    <form className="filters" onSubmit={apply} aria-label="incident filters">
      <div className="toggle-group" role="group" aria-label="severity">
        {SEVERITIES.map((s) => (
          <button key={s} type="button" className={`toggle sev-toggle sev-${s} ${severities.includes(s) ? 'on' : ''}`} aria-pressed={severities.includes(s)} onClick={() => toggle(s)}>
            {s}
          </button>
        ))}
      </div>
      <input placeholder="technique, e.g. T1110" value={technique} onChange={(e) => setTechnique(e.target.value)} aria-label="technique" size={16} />
      <input placeholder="entity: IP, user or host" value={entity} onChange={(e) => setEntity(e.target.value)} aria-label="entity" size={24} />
      <label className="inline">
        Sort{' '}
        <select value={params.get('sort') ?? 'severity'} onChange={(e) => navigate(withParams(location, { sort: e.target.value, offset: undefined }))} aria-label="sort">
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <select value={params.get('order') ?? ''} onChange={(e) => navigate(withParams(location, { order: e.target.value || undefined, offset: undefined }))} aria-label="order">
        <option value="">default order</option>
        <option value="desc">descending</option>
        <option value="asc">ascending</option>
      </select>
      <button className="btn small" type="submit">
        Filter
      </button>
    </form>
  );
}

/** Incidents of the latest analysis: filters and sort in the URL, pages of 50. */
export function IncidentsPage() {
  const location = useLocation();
  const params = location.params;
  const canExport = useCan('analyst');
  const offset = Number(params.get('offset') ?? 0) || 0;
  const range = rangeOf(params);
  const query = queryString({
    severity: params.getAll('severity'),
    technique: params.get('technique'),
    entity: params.get('entity'),
    since: range.since,
    until: range.until,
    sort: params.get('sort'),
    order: params.get('order'),
    limit: PAGE,
    offset,
  });
  const page = useApi<Page>(`/api/incidents${query}`);
  const total = page.data?.total ?? 0;
  const ids = (page.data?.incidents ?? []).map((i) => i.id);
  return (
    <div className="page">
      <Panel
        title={<>Incidents {page.data !== undefined && <span className="muted small">{num(total)} match</span>}</>}
        actions={
          canExport && ids.length > 0 ? (
            <span className="btn-row">
              <span className="muted small">Export this page:</span>
              {(['md', 'json', 'navigator', 'csv'] as const).map((format) => (
                <a key={format} className="btn small" href={`/api/export${queryString({ format, id: ids })}`} download>
                  {format}
                </a>
              ))}
            </span>
          ) : undefined
        }
      >
        <Filters />
        <ErrorBox error={page.error} />
        {page.data === undefined ? <Spinner /> : <IncidentTable incidents={page.data.incidents} range={range} />}
        {total > PAGE && (
          <div className="pager">
            <button className="btn small" type="button" disabled={offset === 0} onClick={() => navigate(withParams(location, { offset: String(Math.max(0, offset - PAGE)) }))}>
              ← Previous
            </button>
            <span className="muted small">
              {num(offset + 1)}–{num(Math.min(total, offset + PAGE))} of {num(total)}
            </span>
            <button className="btn small" type="button" disabled={offset + PAGE >= total} onClick={() => navigate(withParams(location, { offset: String(offset + PAGE) }))}>
              Next →
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}
