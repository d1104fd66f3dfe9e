import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useAppStore } from '../../store';
import { isDarkTheme } from '../../store/settingsSlice';
import { useTranslation } from 'react-i18next';
import { chartTimes, timeRange } from './chartTimes';

/** A canvas cannot read CSS variables' light-dark() values, so the chart carries both palettes. */
const PALETTES = {
  dark: { line: '#4aa3ff', axis: '#9aa3ad', grid: '#2f343e' },
  light: { line: '#1f6fd1', axis: '#56606b', grid: '#d3d8df' },
};

/** A numeric value over time with uPlot (canvas, fast for the whole kept history). */
export function ValueChart({ times, values, label }: { times: number[]; values: number[]; label: string }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const colors = PALETTES[useAppStore(isDarkTheme) ? 'dark' : 'light'];

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const chart = new uPlot(
      {
        width: Math.max(300, element.clientWidth),
        height: 180,
        scales: {
          x: {
            time: true,
            range: (chart, min, max) => {
              const xs = chart.data[0];
              return timeRange(min, max, xs[0], xs[xs.length - 1]);
            },
          },
        },
        series: [{}, { label, stroke: colors.line, width: 1.5, points: { show: times.length < 200 } }],
        axes: [
          { stroke: colors.axis, grid: { stroke: colors.grid } },
          { stroke: colors.axis, grid: { stroke: colors.grid } },
        ],
        legend: { show: false },
      },
      [chartTimes(times), values],
      element,
    );
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(300, element.clientWidth), height: 180 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
    // The chart is rebuilt when the series changes name or the theme; data updates go through setData.
  }, [label, colors]);

  useEffect(() => {
    plot.current?.setData([chartTimes(times), values]);
  }, [times, values]);

  return <div ref={container} className="value-chart" role="img" aria-label={t('topics.chart.label', { label, count: values.length, latest: values[values.length - 1] ?? t('topics.chart.none') })} />;
}
