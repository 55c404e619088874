import type { ECharts, EChartsCoreOption } from 'echarts/core';
import { useCallback, useMemo } from 'react';
import type { Timeline } from '../../api/types.ts';
import { EChart, themeColors, type ChartHandlers } from '../../components/chart.tsx';

export const LEVEL_COLORS = { critical: '#f85149', high: '#f0883e', medium: '#d29922', low: '#58a6ff', informational: '#8b949e' } as const;
const LEVELS = Object.keys(LEVEL_COLORS) as (keyof typeof LEVEL_COLORS)[];

function bucketLabel(start: string, intervalMs: number): string {
  const iso = new Date(start).toISOString();
  if (intervalMs >= 86_400_000) return iso.slice(0, 10);
  if (intervalMs >= 60_000) return iso.slice(0, 16).replace('T', ' ');
  return iso.slice(0, 19).replace('T', ' ');
}

function chartOption(timeline: Timeline): EChartsCoreOption {
  const colors = themeColors();
  const labels = timeline.buckets.map((b) => bucketLabel(b.start, timeline.interval.ms));
  const axisLabel = { color: colors.muted };
  const axisLine = { lineStyle: { color: colors.grid } };
  const splitLine = { lineStyle: { color: colors.grid, opacity: 0.4 } };
  return {
    animation: false,
    grid: [
      { left: 70, right: 16, top: 28, bottom: 112 },
      { left: 70, right: 16, height: 58, bottom: 30 },
    ],
    legend: { top: 0, left: 'center', textStyle: { color: colors.text }, itemHeight: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    brush: { xAxisIndex: 'all', brushLink: 'all', brushMode: 'single', brushType: 'lineX', throttleType: 'debounce', throttleDelay: 200, brushStyle: { color: 'rgba(47,129,247,0.18)', borderColor: colors.accent } },
    xAxis: [
      { type: 'category', gridIndex: 0, data: labels, axisLabel: { show: false }, axisTick: { show: false }, axisLine },
      { type: 'category', gridIndex: 1, data: labels, axisLabel, axisLine },
    ],
    yAxis: [
      { type: 'value', gridIndex: 0, name: 'events', nameLocation: 'middle', nameRotate: 90, nameGap: 48, nameTextStyle: { color: colors.muted }, axisLabel, axisLine, splitLine },
      { type: 'value', gridIndex: 1, name: 'alerts', nameLocation: 'middle', nameRotate: 90, nameGap: 48, nameTextStyle: { color: colors.muted }, axisLabel, axisLine, splitLine, splitNumber: 2, minInterval: 1 },
    ],
    series: [
      { name: 'events', type: 'bar', xAxisIndex: 0, yAxisIndex: 0, data: timeline.buckets.map((b) => b.events), itemStyle: { color: colors.accent, opacity: 0.6 }, barCategoryGap: '10%' },
      ...LEVELS.map((level) => ({
        name: level,
        type: 'bar',
        xAxisIndex: 1,
        yAxisIndex: 1,
        stack: 'alerts',
        barCategoryGap: '10%',
        color: LEVEL_COLORS[level],
        data: timeline.buckets.map((b) => b.alerts[level]),
      })),
    ],
  };
}

interface BrushEnd {
  areas?: { coordRange?: [number, number] }[];
}

/**
 * Events per bucket, and below them the alerts per rule level on the same time axis. Dragging across
 * either (brush) or clicking a bucket selects that time range; the page then shows everything in it.
 */
export function TimelineChart({ timeline, onRange }: { timeline: Timeline; onRange: (since: string, until: string) => void }) {
  const option = useMemo(() => chartOption(timeline), [timeline]);
  const rangeOf = useCallback(
    (first: number, last: number) => {
      const buckets = timeline.buckets;
      const a = buckets[Math.max(0, Math.min(first, last))];
      const b = buckets[Math.min(buckets.length - 1, Math.max(first, last))];
      if (a === undefined || b === undefined) return;
      onRange(new Date(a.start).toISOString(), new Date(new Date(b.start).getTime() + timeline.interval.ms).toISOString());
    },
    [timeline, onRange],
  );
  const handlers = useMemo<ChartHandlers>(
    () => ({
      brushEnd: (params, chart) => {
        const range = (params as BrushEnd).areas?.[0]?.coordRange;
        chart.dispatchAction({ type: 'brush', areas: [] });
        if (range !== undefined) rangeOf(Math.round(range[0]), Math.round(range[1]));
      },
      click: (params) => {
        const index = (params as { dataIndex?: number }).dataIndex;
        if (typeof index === 'number') rangeOf(index, index);
      },
    }),
    [rangeOf],
  );
  const ready = useCallback((chart: ECharts) => {
    chart.dispatchAction({ type: 'takeGlobalCursor', key: 'brush', brushOption: { brushType: 'lineX', brushMode: 'single' } });
  }, []);
  return <EChart option={option} handlers={handlers} onReady={ready} className="timeline-chart" label="event timeline: drag across it to select a time range" />;
}
