/**
 * A chart with its text alternative: the ECharts drawing (loaded on first use, see
 * charts/echarts.ts) is one image named by `label`, a short summary in words; the numbers
 * themselves are in the data table given as `children`, which screen readers and people
 * who would rather read can open below the chart.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';

/** Categorical colours with at least 3:1 contrast on white (WCAG 1.4.11 for graphics). */
export const CHART_COLOURS = ['#0b5cad', '#c25400', '#1e6b35', '#a4161a', '#6b3fa0', '#4a5360'];

/**
 * Starts fetching and evaluating the chart library, so a page can have it ready by the time
 * its data arrives instead of loading it after (the first Chart would otherwise wait for it).
 */
export function preloadCharts(): void {
  void import('../charts/echarts.js');
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif';

export function Chart({ option, label, height = 240, testId, children }: {
  option: EChartsCoreOption; label: string; height?: number; testId?: string; children: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // The data table is built when it is first opened: a long table nobody opened must not slow the page.
  const [tableOpened, setTableOpened] = useState(false);
  // Redraw only when what is drawn changes, not on every render of the page.
  const key = JSON.stringify(option);
  useEffect(() => {
    let isLive = true;
    let dispose = () => {};
    void import('../charts/echarts.js').then(({ init }) => {
      const element = ref.current;
      if (!isLive || !element) return;
      const chart = init(element, undefined, { renderer: 'svg' });
      const { series, ...rest } = JSON.parse(key) as { series?: object[] };
      chart.setOption({
        color: CHART_COLOURS, textStyle: { fontFamily: FONT, color: '#1b1f24' }, animation: false, ...rest,
        // Bars stay bar-shaped when there are few categories.
        series: (series ?? []).map((one) => ({ barMaxWidth: 56, ...one })),
      });
      const observer = new ResizeObserver(() => chart.resize());
      observer.observe(element);
      element.dataset.drawn = 'true';
      dispose = () => { observer.disconnect(); chart.dispose(); };
    });
    return () => { isLive = false; dispose(); };
  }, [key]);
  return (
    <figure className="chart" data-testid={testId}>
      <div ref={ref} className="chart-canvas" role="img" aria-label={label} style={{ height }} />
      <details className="chart-data" onToggle={(event) => { if (event.currentTarget.open) setTableOpened(true); }}>
        <summary>{t('floor.dataTable')}</summary>
        {tableOpened && children}
      </details>
    </figure>
  );
}
