import type { Entities, IncidentSummary } from '../../api/types.ts';
import { Empty, SeverityBadge } from '../../components/common.tsx';
import { num, time } from '../../lib/format.ts';
import { incidentHref, type TimeRange } from '../../lib/links.ts';
import { Link, navigate } from '../../lib/router.tsx';

function entitySummary(entities: Entities): string {
  const parts = [...entities.source_ip, ...entities.user.map((u) => `user ${u}`), ...entities.host.map((h) => `host ${h}`)];
  const shown = parts.slice(0, 3).join(', ');
  return parts.length > 3 ? `${shown} +${parts.length - 3}` : shown;
}

/** Incidents as rows; a click anywhere on a row opens the incident. */
export function IncidentTable({ incidents, range = {} }: { incidents: readonly IncidentSummary[]; range?: TimeRange }) {
  if (incidents.length === 0) return <Empty>No incidents match.</Empty>;
  return (
    <table className="table incidents-table">
      <thead>
        <tr>
          <th>Severity</th>
          <th className="num">Score</th>
          <th>Incident</th>
          <th>Techniques</th>
          <th>Entities</th>
          <th>First seen</th>
          <th>Last seen</th>
          <th className="num">Alerts</th>
          <th className="num">Events</th>
        </tr>
      </thead>
      <tbody>
        {incidents.map((incident) => {
          const to = incidentHref(incident.id, range);
          return (
            <tr key={incident.id} className="clickable" onClick={() => navigate(to)} data-incident={incident.id}>
              <td>
                <SeverityBadge severity={incident.severity} />
              </td>
              <td className="num">{incident.score}</td>
              <td className="title-cell">
                <Link to={to} onClick={(e) => e.stopPropagation()}>
                  {incident.title}
                </Link>
              </td>
              <td className="mono small">{incident.techniques.map((t) => t.id).join(' ')}</td>
              <td className="small clip">{entitySummary(incident.entities)}</td>
              <td className="mono small nowrap">{time(incident.first_seen)}</td>
              <td className="mono small nowrap">{time(incident.last_seen)}</td>
              <td className="num">{num(incident.alert_total)}</td>
              <td className="num">{num(incident.event_total)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
