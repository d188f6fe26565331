import { lazy, Suspense, type CSSProperties } from 'react';
import { Skeleton } from 'antd';
import type { EChartsOption } from '../../charts/echarts.ts';

const EChart = lazy(() => import('../../charts/components/EChart.tsx').then((m) => ({ default: m.EChart })));

/** A chart of the model pages, loaded with ECharts on first use so the registry's list stays light. */
export function ModelChart({ option, style, testId }: { option: EChartsOption; style?: CSSProperties; testId?: string }) {
  return (
    <div data-testid={testId}>
      <Suspense fallback={<Skeleton active />}>
        <EChart option={option} style={style} testId={testId ? `${testId}-canvas` : undefined} />
      </Suspense>
    </div>
  );
}
