import { EntityLink } from '../../components/entity.tsx';
import { Empty } from '../../components/common.tsx';
import { num } from '../../lib/format.ts';
import type { EntityKind, TimeRange } from '../../lib/links.ts';

/** A ranked list of values with bars, each value a pivot to its events. */
export function TopList({ rows, kind, range }: { rows: readonly { value: string; count: number }[]; kind: EntityKind; range: TimeRange }) {
  if (rows.length === 0) return <Empty>None recorded.</Empty>;
  const max = Math.max(...rows.map((r) => r.count), 1);
  return (
    <table className="top-list">
      <tbody>
        {rows.map((row) => (
          <tr key={row.value}>
            <td className="top-value">
              <EntityLink kind={kind} value={row.value} range={range} />
            </td>
            <td className="top-bar">
              <span className="bar" style={{ width: `${Math.max(2, (row.count / max) * 100)}%` }} />
            </td>
            <td className="num">{num(row.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
