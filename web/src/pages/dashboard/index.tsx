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

function Counters({ stats, inRange, timeline }: { stats: Stats; inRange: IncidentsPage | undefined; timeline: Timeline | undefined }) {
  const c = stats.counters;
  const bySeverity = inRange === undefined ? c.incidents : Object.fromEntries(SEVERITIES.map((s) => [s, inRange.incidents.filter((i) => i.severity === s).length]));
  const ranged = inRange !== undefined && timeline !== undefined ? timelineTotals(timeline) : undefined;
  return (
    <div className="counters" data-testid="counters">
      <Stat label={ranged === undefined ? 'events' : 'events in range'} value={num(ranged?.events ?? c.events)} />
      <Stat label={ranged === undefined ? 'alerts' : 'alerts in range'} value={num(ranged?.alerts ?? c.alerts)} />
      {SEVERITIES.map((s) => (
        <Stat key={s} label={`${s} incidents${inRange === undefined ? '' : ' in range'}`} value={num(bySeverity[s] ?? 0)} tone={s} />
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
  useInterval(stats.reload, busy ? 2000 : 15_000);
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
  const threats = useMemo(() => {
    if (ranged && incidents.data !== undefined) return threatsOfIncidents(incidents.data.incidents);
    const t = stats.data?.breakdown.threats;
    return {
      techniques: (t?.techniques ?? []).map((r) => ({ key: r.id, label: `${r.id} ${r.name}`, incidents: r.incidents })),
      tactics: (t?.tactics ?? []).map((r) => ({ key: r.shortname, label: r.name, incidents: r.incidents })),
    };
  }, [ranged, incidents.data, stats.data]);
  if (stats.data === undefined) return stats.error === undefined ? <Spinner /> : <ErrorBox error={stats.error} title="Dashboard" />;
  const breakdown = stats.data.breakdown;
  const scope = ranged ? 'incidents in range' : 'all incidents';
  const partial = ranged && (incidents.data?.total ?? 0) > RANGE_INCIDENTS ? ` (the ${RANGE_INCIDENTS} most severe)` : '';
  return (
    <div className="page dashboard">
      <ErrorBox error={stats.error} title="Refresh" />
      <Counters stats={stats.data} inRange={ranged ? incidents.data : undefined} timeline={ranged ? timeline.data : undefined} />
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
          <ThreatBars rows={threats.techniques} color="#f0883e" kind="technique" range={range} />
        </Panel>
        <Panel title={<>ATT&amp;CK tactics <span className="muted small">{scope}{partial}</span></>}>
          <ThreatBars rows={threats.tactics} color="#a371f7" kind="tactic" range={range} />
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
            All incidents ({num(incidents.data?.total)})
          </Link>
        }
      >
        <ErrorBox error={incidents.error} />
        {incidents.data === undefined ? <Spinner /> : <IncidentTable incidents={incidents.data.incidents.slice(0, 10)} range={range} />}
      </Panel>
    </div>
  );
}
