import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/i18n';
import type { ChartSpec } from './uplot-chart';

export type { ChartSeries, ChartSpec } from './uplot-chart';

/**
 * A uPlot chart, loaded on first use (uPlot is the largest dependency; the login page never needs
 * it). The canvas is an image to assistive technology: `summary` says what it shows, and every
 * chart has a table with the same numbers beside it.
 */
export function Chart(props: { spec: ChartSpec; title: string; summary: string }) {
  const { t } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    let disposed = false;
    let dispose: (() => void) | undefined;
    import('./uplot-chart')
      .then(({ drawChart }) => {
        if (disposed) return;
        dispose = drawChart(element, props.spec);
      })
      .catch(() => setFailed(true));
    return () => {
      disposed = true;
      dispose?.();
    };
  }, [props.spec]);
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <div
        ref={container}
        class="chart-area"
        role="img"
        aria-label={props.summary}
        data-first={props.spec.labels[0]}
        data-last={props.spec.labels.at(-1)}
      />
      {failed && <p class="error">{t('error.chart')}</p>}
    </figure>
  );
}
