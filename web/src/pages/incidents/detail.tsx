import { useState } from 'react';
import { queryString } from '../../api/client.ts';
import type { Incident, IncidentDetail } from '../../api/types.ts';
import { ErrorBox, Panel, SeverityBadge, Spinner } from '../../components/common.tsx';
import { EntityLink, TechniqueLink } from '../../components/entity.tsx';
import { EventDrawerFromUrl } from '../events/drawer.tsx';
import { EventTable } from '../events/mini-table.tsx';
import { num, time } from '../../lib/format.ts';
import { ENTITY_FIELDS, eventsHref, rangeOf, type EntityKind } from '../../lib/links.ts';
import { Link, href, useLocation } from '../../lib/router.tsx';
import { useCan } from '../../lib/session.tsx';
import { useApi } from '../../lib/use-api.ts';
import { AlertLines } from './alerts.tsx';

const EVIDENCE_PAGE = 50;
const ENTITY_LABELS: Readonly<Record<EntityKind, string>> = { source_ip: 'Source IPs', destination_ip: 'Destination IPs', user: 'Users', host: 'Hosts' };
const FACTOR_NAMES: Readonly<Record<string, string>> = {
  rule_level_max: 'Highest rule level',
  rule_level_sum: 'Rule levels together',
  tactic_breadth: 'Tactics covered',
  success_after_failures: 'Success after failures',
  external_source: 'External source',
  privileged_account: 'Privileged account',
  asset_criticality: 'Asset criticality',
  alert_volume: 'Alert volume',
};

/** From the first to just after the last event of the incident. */
function incidentWindow(incident: Incident): { since?: string; until?: string } {
  const last = incident.last_seen ?? incident.first_seen;
  return { since: incident.first_seen, until: last === undefined ? undefined : new Date(new Date(last).getTime() + 1000).toISOString() };
}

function Entities({ incident }: { incident: Incident }) {
  const kinds = Object.keys(ENTITY_FIELDS) as EntityKind[];
  return (
    <dl className="entities">
      {kinds
        .filter((k) => incident.entities[k].length > 0)
        .map((kind) => (
          <div key={kind}>
            <dt>{ENTITY_LABELS[kind]}</dt>
            <dd>
              {incident.entities[kind].map((value) => (
                <EntityLink key={value} kind={kind} value={value} />
              ))}
            </dd>
          </div>
        ))}
    </dl>
  );
}

function Factors({ incident }: { incident: Incident }) {
  return (
    <table className="table compact">
      <tbody>
        {incident.severity_factors.map((f) => (
          <tr key={f.factor}>
            <td className="nowrap">{FACTOR_NAMES[f.factor] ?? f.factor}</td>
            <td>{f.detail}</td>
            <td className="num">{f.points > 0 ? `+${f.points}` : f.points}</td>
          </tr>
        ))}
        <tr className="total">
          <td>Score</td>
          <td>
            confidence {incident.confidence.level} ({incident.confidence.score.toFixed(2)}){incident.confidence.reasons.length > 0 ? `: ${incident.confidence.reasons.join('; ')}` : ''}
          </td>
          <td className="num">{incident.score}</td>
        </tr>
      </tbody>
    </table>
  );
}

function Recommendations({ incident }: { incident: Incident }) {
  const groups = [
    ['Containment', incident.recommendations.containment],
    ['Investigation', incident.recommendations.investigation],
    ['Mitigation', incident.recommendations.mitigation],
  ] as const;
  return (
    <div className="recommendations">
      {groups
        .filter(([, items]) => items.length > 0)
        .map(([label, items]) => (
          <div key={label}>
            <h3>{label}</h3>
            <ol>
              {items.map((item, i) => (
                <li key={i}>{item}</li>
              ))}
            </ol>
          </div>
        ))}
    </div>
  );
}

function ExportButtons({ id }: { id: string }) {
  return (
    <span className="btn-row" aria-label="export">
      {(['md', 'json', 'navigator', 'csv'] as const).map((format) => (
        <a key={format} className="btn small" href={`/api/incidents/${encodeURIComponent(id)}/export?format=${format}`} download data-export={format}>
          {format === 'md' ? 'Markdown' : format === 'json' ? 'JSON' : format === 'navigator' ? 'Navigator layer' : 'CSV'}
        </a>
      ))}
    </span>
  );
}

/** One incident: narrative, why it is this severe, ATT&CK, what to do, who is involved, the evidence. */
export function IncidentDetailPage({ id }: { id: string }) {
  const location = useLocation();
  const range = rangeOf(location.params);
  const canExport = useCan('analyst');
  const [evidenceOffset, setEvidenceOffset] = useState(0);
  const detail = useApi<IncidentDetail>(`/api/incidents/${encodeURIComponent(id)}${queryString({ evidenceLimit: EVIDENCE_PAGE, evidenceOffset })}`);
  if (detail.data === undefined) return detail.error === undefined ? <Spinner /> : <ErrorBox error={detail.error} title={`Incident ${id}`} />;
  const { incident, alerts, evidence, evidenceTotal } = detail.data;
  return (
    <div className="page incident-detail">
      <div className="crumbs">
        <Link to={href('/incidents', { ...range })}>← Incidents</Link>
      </div>
      <header className="incident-head">
        <SeverityBadge severity={incident.severity} />
        <h1>{incident.title}</h1>
        <span className="muted mono small" title="incident id">
          {incident.id.slice(0, 16)}
        </span>
        <div className="spacer" />
        {canExport && <ExportButtons id={incident.id} />}
      </header>
      <div className="facts-line muted small">
        score {incident.score} · {time(incident.first_seen)} → {time(incident.last_seen)} UTC · {num(incident.alert_total)} alerts · {num(incident.event_total)} events
      </div>
      <Panel title="Summary">
        <p className="narrative">{incident.summary}</p>
      </Panel>
      <div className="grid-2">
        <Panel title="Severity factors">
          <Factors incident={incident} />
        </Panel>
        <Panel title="ATT&CK">
          <ul className="techniques">
            {incident.techniques.map((t) => (
              <li key={t.id}>
                <TechniqueLink id={t.id} name={t.name} />
                {t.tactics.length > 0 && <span className="muted small"> · {t.tactics.join(', ')}</span>}
                {!t.known && <span className="warn small"> not in the ATT&amp;CK table</span>}
              </li>
            ))}
          </ul>
          {incident.techniques.length === 0 && <span className="muted">No technique tagged.</span>}
        </Panel>
      </div>
      <div className="grid-2">
        <Panel title="Entities (click to see their events)">
          <Entities incident={incident} />
        </Panel>
        <Panel title="Recommended actions">
          <Recommendations incident={incident} />
        </Panel>
      </div>
      <Panel title={`Alerts (${num(incident.alert_total)})`}>
        <AlertLines lines={incident.alerts} alerts={alerts} />
      </Panel>
      <Panel
        title={`Evidence events (${num(evidenceTotal)}${incident.event_total > evidenceTotal ? ` kept of ${num(incident.event_total)}` : ''})`}
        actions={
          incident.first_seen === undefined ? undefined : (
            <Link className="btn small" to={eventsHref(incidentWindow(incident))}>
              All events in its time span
            </Link>
          )
        }
      >
        <EventTable events={evidence} />
        <EventDrawerFromUrl />
        {evidenceTotal > EVIDENCE_PAGE && (
          <div className="pager">
            <button className="btn small" type="button" disabled={evidenceOffset === 0} onClick={() => setEvidenceOffset(Math.max(0, evidenceOffset - EVIDENCE_PAGE))}>
              ← Previous
            </button>
            <span className="muted small">
              {num(evidenceOffset + 1)}–{num(Math.min(evidenceTotal, evidenceOffset + EVIDENCE_PAGE))} of {num(evidenceTotal)}
            </span>
            <button className="btn small" type="button" disabled={evidenceOffset + EVIDENCE_PAGE >= evidenceTotal} onClick={() => setEvidenceOffset(evidenceOffset + EVIDENCE_PAGE)}>
              Next →
            </button>
          </div>
        )}
      </Panel>
    </div>
  );
}
