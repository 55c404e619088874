import { useEffect, useState, type SyntheticEvent } from 'react';
import { fromInputTime, time, toInputTime } from '../lib/format.ts';
import { navigate, useLocation, withParams } from '../lib/router.tsx';

const RANGED = ['/', '/incidents', '/events'];

/**
 * The time range shared by the dashboard, incidents and events (the timeline's brush sets it too): kept in
 * the URL as `since`/`until`, so a view can be bookmarked and shared.
 */
export function RangeBar() {
  const location = useLocation();
  const since = location.params.get('since') ?? '';
  const until = location.params.get('until') ?? '';
  const [from, setFrom] = useState(toInputTime(since));
  const [to, setTo] = useState(toInputTime(until));
  useEffect(() => {
    setFrom(toInputTime(since));
    setTo(toInputTime(until));
  }, [since, until]);
  if (!RANGED.some((p) => (p === '/' ? location.path === '/' : location.path.startsWith(p)))) return <div className="range-bar" />;
  const apply = (event: SyntheticEvent) => {
    event.preventDefault();
    navigate(withParams(location, { since: fromInputTime(from), until: fromInputTime(to) }));
  };
  const clear = () => navigate(withParams(location, { since: undefined, until: undefined }));
  return (
    <form className="range-bar" onSubmit={apply} aria-label="time range">
      <span className="muted small">UTC</span>
      <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} aria-label="since" />
      <span className="muted">→</span>
      <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} aria-label="until" />
      <button type="submit" className="btn small">
        Apply
      </button>
      {(since !== '' || until !== '') && (
        <button type="button" className="btn ghost small" onClick={clear} title={`${time(since)} → ${time(until)}`} data-testid="clear-range">
          Clear range
        </button>
      )}
    </form>
  );
}
