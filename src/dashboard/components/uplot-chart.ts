import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  colour: string;
  /** Dashed line (e.g. previews beside clicks). */
  dashed?: boolean;
}

export interface ChartSpec {
  kind: 'stacked' | 'lines' | 'bars';
  /** What the x axis counts (day, week, generation): the legend's first entry. */
  xLabel: string;
  /** One label per x position (a day, a week, a generation). */
  labels: string[];
  formatX: (label: string) => string;
  formatY: (value: number) => string;
  series: ChartSeries[];
  height?: number;
}

const AXIS = {
  stroke: '#374151',
  grid: { stroke: '#e5e7eb', width: 1 },
  ticks: { stroke: '#d1d5db', width: 1 },
};

/** Integer steps only: the x axis counts positions, not time. */
const STEPS = [1, 2, 3, 5, 7, 10, 14, 20, 30, 50, 100, 200, 500];
/** Whole counts on the y axis: 1, 2, 5, 10, 20, 50 … (never 0.2 of a visit). */
const COUNT_STEPS = Array.from({ length: 10 }, (_, power) =>
  [1, 2, 5].map((step) => step * 10 ** power),
).flat();

/**
 * Stacked areas are drawn as running totals from the top layer down, each filled to zero with an
 * opaque colour: every lower layer paints over the one above, which reads as a stack without
 * bands. The legend shows each layer's own value, not the running total.
 */
function stackedData(series: ChartSeries[]): { top: ChartSeries[]; lines: (number | null)[][] } {
  const length = series[0]?.values.length ?? 0;
  const totals = series.map((_, index) =>
    Array.from({ length }, (_unused, position) =>
      series.slice(0, index + 1).reduce((sum, layer) => sum + (layer.values[position] ?? 0), 0),
    ),
  );
  return { top: [...series].reverse(), lines: totals.reverse() };
}

function seriesOptions(spec: ChartSpec, layers: ChartSeries[]): uPlot.Series[] {
  const bars = spec.kind === 'bars' ? uPlot.paths.bars?.({ size: [0.6, 80] }) : undefined;
  return layers.map((layer) => ({
    label: layer.label,
    stroke: layer.colour,
    width: spec.kind === 'stacked' ? 1 : 2,
    ...(spec.kind === 'lines' ? {} : { fill: layer.colour }),
    ...(layer.dashed ? { dash: [6, 4] } : {}),
    ...(bars ? { paths: bars } : {}),
    points: { show: spec.kind === 'lines' && spec.labels.length <= 31 },
    value: (_plot: uPlot, _value: number | null, _series: number, index: number | null) =>
      index === null ? '—' : spec.formatY(layer.values[index] ?? 0),
  }));
}

export function drawChart(element: HTMLElement, spec: ChartSpec): () => void {
  const { top, lines } =
    spec.kind === 'stacked'
      ? stackedData(spec.series)
      : { top: spec.series, lines: spec.series.map((layer) => layer.values) };
  const positions = spec.labels.map((_, index) => index);
  const size = () => ({ width: Math.max(element.clientWidth, 240), height: spec.height ?? 240 });
  const label = (value: number) =>
    Number.isInteger(value) && spec.labels[value] !== undefined ? spec.formatX(spec.labels[value]) : '';
  const options: uPlot.Options = {
    ...size(),
    scales: {
      x: {
        time: false,
        range: spec.kind === 'bars' ? [-0.5, positions.length - 0.5] : [0, Math.max(positions.length - 1, 1)],
      },
      y: { range: (_plot, _min, max) => [0, max > 0 ? max * 1.05 : 1] },
    },
    axes: [
      { ...AXIS, incrs: STEPS, space: 56, values: (_plot, splits) => splits.map(label) },
      {
        ...AXIS,
        size: 56,
        incrs: COUNT_STEPS,
        values: (_plot, splits) => splits.map((value) => spec.formatY(value)),
      },
    ],
    series: [
      { label: spec.xLabel, value: (_plot, value) => (value === null ? '' : label(value)) },
      ...seriesOptions(spec, top),
    ],
    cursor: { points: { show: spec.kind === 'lines' } },
    legend: { show: true, live: true },
  };
  const plot = new uPlot(options, [positions, ...lines], element);
  const observer = new ResizeObserver(() => plot.setSize(size()));
  observer.observe(element);
  return () => {
    observer.disconnect();
    plot.destroy();
  };
}
