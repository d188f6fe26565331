import { lazy, Suspense, type CSSProperties } from 'react';
import { Skeleton } from 'antd';
import type { EChartsOption } from '../../charts/echarts.ts';

const EChart = lazy(() => import('../../charts/components/EChart.tsx').then((m) => ({ default: m.EChart })));

/** A chart loaded on demand, so ECharts reaches the browser only where a strategy page draws one. */
export function LazyChart({ option, style, testId }: { option: EChartsOption; style?: CSSProperties; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Suspense fallback={<Skeleton active />}>
        <EChart option={option} style={style} />
      </Suspense>
    </div>
  );
}
