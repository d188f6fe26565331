import { useEffect, useRef, type CSSProperties } from 'react';
import { useI18n } from '../../../i18n/use-i18n.ts';
import { echarts, type EChartsOption } from '../echarts.ts';

/**
 * One ECharts chart that follows its container's size and the console's language. Import it
 * lazily (`lazy(() => import(...))`) from pages, so ECharts loads only where a chart is drawn.
 *
 * @example
 * <EChart option={{ xAxis: { type: 'category', data: ['pass', 'reject'] }, yAxis: {}, series: [{ type: 'bar', data: [90, 10] }] }} />
 *
 * `onClick` receives ECharts' event parameters of a clicked element (a bar, a point).
 */
export function EChart({ option, style, loading = false, onClick, testId }: { option: EChartsOption; style?: CSSProperties; loading?: boolean; onClick?: (params: echarts.ECElementEvent) => void; testId?: string }) {
  const { locale } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  // The latest handler, so a new function on every render does not rebind the chart's listener.
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { locale: locale === 'zh-CN' ? 'ZH' : 'EN' });
    chart.current = instance;
    instance.on('click', (params) => click.current?.(params as echarts.ECElementEvent));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [locale]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, locale]);

  useEffect(() => {
    if (loading) chart.current?.showLoading();
    else chart.current?.hideLoading();
  }, [loading, locale]);

  return <div ref={el} data-testid={testId} style={{ width: '100%', height: 320, ...style }} />;
}
