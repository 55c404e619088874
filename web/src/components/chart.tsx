import { BarChart, LineChart } from 'echarts/charts';
import { BrushComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption, ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, BrushComponent, CanvasRenderer]);

export type ChartHandlers = Readonly<Record<string, (params: unknown, chart: ECharts) => void>>;

/** Colours of the current theme, read from the CSS variables the stylesheet defines. */
export function themeColors(): { text: string; muted: string; grid: string; accent: string } {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return { text: read('--text', '#d0d7de'), muted: read('--muted', '#8b949e'), grid: read('--border', '#30363d'), accent: read('--accent', '#2f81f7') };
}

/**
 * An ECharts canvas. Tooltips render as canvas rich text (`renderMode: 'richText'` is forced), so no chart
 * label, whatever its origin, is ever parsed as HTML.
 */
export function EChart({ option, handlers = {}, className, label, onReady }: { option: EChartsCoreOption; handlers?: ChartHandlers; className?: string; label: string; onReady?: (chart: ECharts) => void }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  useEffect(() => {
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current!);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const instance = chart.current;
    if (instance === null) return;
    const tooltip = (option.tooltip ?? {}) as Record<string, unknown>;
    instance.setOption({ ...option, tooltip: { ...tooltip, renderMode: 'richText' } }, { notMerge: true });
    onReady?.(instance);
  }, [option, onReady]);
  useEffect(() => {
    const instance = chart.current;
    if (instance === null) return;
    const bound = Object.entries(handlers).map(([name, handler]) => {
      const listener = (params: unknown) => handler(params, instance);
      instance.on(name, listener);
      return [name, listener] as const;
    });
    return () => {
      for (const [name, listener] of bound) instance.off(name, listener);
    };
  }, [handlers]);
  return <div ref={element} className={`chart ${className ?? ''}`} role="img" aria-label={label} />;
}
