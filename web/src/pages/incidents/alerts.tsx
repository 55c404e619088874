import type { Alert, Incident } from '../../api/types.ts';
import { SeverityBadge } from '../../components/common.tsx';
import { num, time } from '../../lib/format.ts';

/** The incident's folded alert lines: one rule with the same entities, with counts and times. */
export function AlertLines({ lines, alerts }: { lines: Incident['alerts']; alerts: readonly Alert[] }) {
  const files = new Map(alerts.map((a) => [a.rule.id, a.rule.file]));
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>Level</th>
          <th>Rule</th>
          <th>Type</th>
          <th className="num">Alerts</th>
          <th className="num">Occurrences</th>
          <th>Techniques</th>
          <th>First seen</th>
          <th>Last seen</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line, i) => (
          <tr key={`${line.rule_id}-${i}`}>
            <td>
              <SeverityBadge severity={line.level} />
            </td>
            <td title={files.get(line.rule_id) ?? line.rule_id}>{line.title}</td>
            <td className="small muted">{line.type}</td>
            <td className="num">{num(line.count)}</td>
            <td className="num">{num(line.occurrences)}</td>
            <td className="mono small">{line.techniques.join(' ')}</td>
            <td className="mono small nowrap">{time(line.first_seen)}</td>
            <td className="mono small nowrap">{time(line.last_seen)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
