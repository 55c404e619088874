import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { EChart, themeColors, type ChartHandlers } from '../../components/chart.tsx';
import { Empty } from '../../components/common.tsx';
import { href, navigate } from '../../lib/router.tsx';

export interface ThreatRow {
  key: string;
  label: string;
  incidents: number;
}

const NO_HANDLERS: ChartHandlers = {};

function barsOption(rows: readonly ThreatRow[], color: string): EChartsCoreOption {
  const colors = themeColors();
  const shown = rows.slice(0, 12).reverse();
  return {
    animation: false,
    grid: { left: 8, right: 40, top: 4, bottom: 4, containLabel: true },
    tooltip: { trigger: 'item' },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: shown.map((r) => (r.label.length > 48 ? `${r.label.slice(0, 47)}…` : r.label)), axisLabel: { color: colors.text, fontSize: 11 }, axisLine: { show: false }, axisTick: { show: false } },
    series: [{ type: 'bar', data: shown.map((r) => r.incidents), itemStyle: { color }, barMaxWidth: 14, label: { show: true, position: 'right', color: colors.muted, fontSize: 11 } }],
  };
}

/**
 * Incidents per ATT&CK technique or tactic; a click on a technique bar lists its incidents.
 */
export function ThreatBars({ rows, color, kind, range }: { rows: readonly ThreatRow[]; color: string; kind: 'technique' | 'tactic'; range: { since?: string; until?: string } }) {
  const option = useMemo(() => barsOption(rows, color), [rows, color]);
  const handlers = useMemo((): ChartHandlers => {
    if (kind !== 'technique') return NO_HANDLERS;
    const shown = rows.slice(0, 12).reverse();
    return {
      click: (params: unknown) => {
        const row = shown[(params as { dataIndex: number }).dataIndex];
        if (row !== undefined) navigate(href('/incidents', { technique: row.key, ...range }));
      },
    };
  }, [rows, kind, range]);
  if (rows.length === 0) return <Empty>No incidents carry ATT&amp;CK {kind === 'technique' ? 'techniques' : 'tactics'} yet.</Empty>;
  return <EChart option={option} handlers={handlers} className="bars-chart" label={`incidents per ATT&CK ${kind}`} />;
}
