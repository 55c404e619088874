import { useCallback, useEffect, useMemo } from 'react';
import { queryString } from '../../api/client.ts';
import type { IncidentsPage, Stats, Timeline } from '../../api/types.ts';
import { ErrorBox, Panel, SEVERITIES, Spinner, Stat } from '../../components/common.tsx';
import { IncidentTable } from '../incidents/table.tsx';
import { num, time } from '../../lib/format.ts';
import { rangeOf } from '../../lib/links.ts';
import { Link, href, navigate, useLocation, withParams } from '../../lib/router.tsx';
import { useApi, useInterval } from '../../lib/use-api.ts';
import { threatsOfIncidents } from './range-threats.ts';
import { ThreatBars } from './threats.tsx';
import { TimelineChart } from './timeline-chart.tsx';
import { TopList } from './top-list.tsx';

const RANGE_INCIDENTS = 500;

/** Events and alerts of the timeline's buckets: the numbers in the selected range. */
function timelineTotals(timeline: Timeline): { events: number; alerts: number } {
  let events = 0;
  let alerts = 0;
  for (const b of timeline.buckets) {
    events += b.events;
    alerts += b.alerts.critical + b.alerts.high + b.alerts.medium + b.alerts.low + b.alerts.informational;
  }
  return { events, alerts };
}

const COUNTING = <span className="counting">counting the range…</span>;

/**
 * The counters: of the whole store, or with a range, of the range. A range's numbers come from its own
 * timeline and incident answers only (`inRange` and `timeline` are undefined until those arrive): never the
 * previous range's totals under the new range's label.
 */
function Counters({ stats, range }: { stats: Stats; range: { incidents: IncidentsPage | undefined; timeline: Timeline | undefined } | undefined }) {
  const c = stats.counters;
  const totals = range?.timeline === undefined ? undefined : timelineTotals(range.timeline);
  const incidents = range?.incidents;
  const bySeverity = incidents === undefined ? c.incidents : Object.fromEntries(SEVERITIES.map((s) => [s, incidents.incidents.filter((i) => i.severity === s).length]));
  const suffix = range === undefined ? '' : ' in range';
  const value = (all: number, inRange: number | undefined) => (range === undefined ? num(all) : inRange === undefined ? COUNTING : num(inRange));
  return (
    <div className="counters" data-testid="counters">
      <Stat label={`events${suffix}`} value={value(c.events, totals?.events)} />
      <Stat label={`alerts${suffix}`} value={value(c.alerts, totals?.alerts)} />
      {SEVERITIES.map((s) => (
        <Stat key={s} label={`${s} incidents${suffix}`} value={range !== undefined && incidents === undefined ? '…' : num(bySeverity[s] ?? 0)} tone={s} />
      ))}
      <div className="stat stat-note">
        {c.activeJobs.ingest + c.activeJobs.analyze > 0 ? (
          <span className="live">
            <span className="pulse" /> {c.activeJobs.ingest > 0 ? 'ingest running' : 'analysis running'}
          </span>
        ) : c.analysis === null ? (
          <span className="muted">no analysis yet</span>
        ) : (
          <span className="muted">analysis #{c.analysis.id} {c.analysis.status} {time(c.analysis.finished_at ?? c.analysis.started_at)}</span>
        )}
      </div>
    </div>
  );
}

/** Live counters, the timeline (its brush sets the range), threats and top entities, recent incidents. */
export function DashboardPage() {
  const location = useLocation();
  const { since, until } = rangeOf(location.params);
  const range = useMemo(() => ({ since, until }), [since, until]);
  const ranged = range.since !== undefined || range.until !== undefined;
  const stats = useApi<Stats>('/api/stats?top=10');
  const busy = (stats.data?.counters.activeJobs.ingest ?? 0) + (stats.data?.counters.activeJobs.analyze ?? 0) > 0;
  // A stale breakdown is being recounted on the server (after new data): its fresh numbers come within seconds.
  useInterval(stats.reload, busy || stats.data?.breakdown.stale === true ? 2000 : 15_000);
  const revision = stats.data?.counters.revision;
  const timeline = useApi<Timeline>(`/api/timeline${queryString({ ...range, buckets: 120 })}`);
  const incidents = useApi<IncidentsPage>(`/api/incidents${queryString({ ...range, sort: 'severity', limit: ranged ? RANGE_INCIDENTS : 10 })}`);
  const { reload: reloadTimeline } = timeline;
  const { reload: reloadIncidents } = incidents;
  useEffect(() => {
    if (revision === undefined) return;
    reloadTimeline();
    reloadIncidents();
  }, [revision, reloadTimeline, reloadIncidents]);
  const onRange = useCallback((since: string, until: string) => navigate(withParams(location, { since, until })), [location]);
  // With a range, its own answers only: the previous range's stay on screen but are not counted as this one's.
  const rangeIncidents = ranged && incidents.current ? incidents.data : undefined;
  const rangeTimeline = ranged && timeline.current ? timeline.data : undefined;
  const threats = useMemo(() => {
    if (ranged) return rangeIncidents === undefined ? undefined : threatsOfIncidents(rangeIncidents.incidents);
    const t = stats.data?.breakdown.threats;
    return {
      techniques: (t?.techniques ?? []).map((r) => ({ key: r.id, label: `${r.id} ${r.name}`, incidents: r.incidents })),
      tactics: (t?.tactics ?? []).map((r) => ({ key: r.shortname, label: r.name, incidents: r.incidents })),
    };
  }, [ranged, rangeIncidents, stats.data]);
  if (stats.data === undefined) return stats.error === undefined ? <Spinner /> : <ErrorBox error={stats.error} title="Dashboard" />;
  const breakdown = stats.data.breakdown;
  const scope = ranged ? 'incidents in range' : 'all incidents';
  const partial = ranged && (rangeIncidents?.total ?? 0) > RANGE_INCIDENTS ? ` (the ${RANGE_INCIDENTS} most severe)` : '';
  return (
    <div className="page dashboard">
      <ErrorBox error={stats.error} title="Refresh" />
      <Counters stats={stats.data} range={ranged ? { incidents: rangeIncidents, timeline: rangeTimeline } : undefined} />
      <Panel
        title={
          <>
            Timeline{' '}
            <span className="muted small">
              {timeline.data === undefined ? '' : `${time(timeline.data.since)} → ${time(timeline.data.until)} · ${timeline.data.interval.label} buckets · drag to select a range`}
            </span>
          </>
        }
        actions={
          ranged ? (
            <Link className="btn small" to={withParams(location, { since: undefined, until: undefined })}>
              Show all time
            </Link>
          ) : undefined
        }
      >
        <ErrorBox error={timeline.error} />
        {timeline.data === undefined ? <Spinner /> : timeline.data.buckets.length === 0 ? <div className="empty">No events with a time in this range.</div> : <TimelineChart timeline={timeline.data} onRange={onRange} />}
      </Panel>
      <div className="grid-2">
        <Panel title={<>ATT&amp;CK techniques <span className="muted small">{scope}{partial}</span></>}>
          {threats === undefined ? <Spinner label="counting the range" /> : <ThreatBars rows={threats.techniques} color="#f0883e" kind="technique" range={range} />}
        </Panel>
        <Panel title={<>ATT&amp;CK tactics <span className="muted small">{scope}{partial}</span></>}>
          {threats === undefined ? <Spinner label="counting the range" /> : <ThreatBars rows={threats.tactics} color="#a371f7" kind="tactic" range={range} />}
        </Panel>
      </div>
      <div className="grid-3">
        <Panel title={<>Top source IPs <span className="muted small">all events{breakdown.stale ? ' · updating' : ''}</span></>}>
          <TopList rows={breakdown.stats.topSourceIps} kind="source_ip" range={range} />
        </Panel>
        <Panel title={<>Top users <span className="muted small">all events</span></>}>
          <TopList rows={breakdown.stats.topUsers} kind="user" range={range} />
        </Panel>
        <Panel title={<>Top hosts <span className="muted small">all events</span></>}>
          <TopList rows={breakdown.stats.topHosts} kind="host" range={range} />
        </Panel>
      </div>
      <Panel
        title={<>Most severe incidents <span className="muted small">{scope}</span></>}
        actions={
          <Link className="btn small" to={href('/incidents', { ...range })}>
            All incidents ({num(incidents.current ? incidents.data?.total : undefined)})
          </Link>
        }
      >
        <ErrorBox error={incidents.error} />
        {incidents.data === undefined || !incidents.current ? <Spinner /> : <IncidentTable incidents={incidents.data.incidents.slice(0, 10)} range={range} />}
      </Panel>
    </div>
  );
}
