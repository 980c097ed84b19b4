import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatNumber } from './format';

export interface DailyPoint {
  /** The UTC day's start (ISO-8601). */
  start: string;
  value: number;
}

/**
 * A daily series as bars (`total`: the API's, a gauge's being its maximum) (uPlot on a canvas), sized to its container (down to 390 px screens). The canvas is hidden
 * from assistive technology; `summary` labels it and a visually-hidden table carries every day's value.
 */
export function DailyChart({ points, total, label, unit }: { points: DailyPoint[]; total: number; label: string; unit: string }) {
  const box = useRef<HTMLDivElement>(null);
  const captionId = useId();
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [points.map((p) => Date.parse(p.start) / 1000), points.map((p) => p.value)];
    const size = () => ({ width: Math.max(240, el.clientWidth), height: 220 });
    const plot = new uPlot(
      {
        ...size(),
        // The buckets are UTC days: the axis counts days in UTC too.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        legend: { show: false },
        cursor: { show: false },
        select: { show: false, left: 0, top: 0, width: 0, height: 0 },
        // Half a day either side, so the first and last days' bars are whole.
        scales: { x: { time: true, range: (_u, min, max) => [min - HALF_DAY, max + HALF_DAY] }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
        axes: [
          { stroke: '#4a5260', grid: { stroke: '#e3e6eb' }, incrs: DAY_STEPS, values: (_u, ticks) => ticks.map((t) => shortDay(t)) },
          { stroke: '#4a5260', grid: { stroke: '#e3e6eb' }, size: 64, values: (_u, ticks) => ticks.map((t) => compact(t)) },
        ],
        series: [{}, { label, stroke: '#1f4fd1', fill: 'rgba(31, 79, 209, 0.35)', paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } }],
      },
      data,
      el,
    );
    const observer = new ResizeObserver(() => plot.setSize(size()));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [points, label]);

  const peak = points.reduce<DailyPoint | undefined>((best, p) => (!best || p.value > best.value ? p : best), undefined);
  const summary = points.length
    ? `Daily ${label} from ${utcDay(points[0].start)} to ${utcDay(points[points.length - 1].start)}: ${formatNumber(total)} ${unit} in total` +
      (peak && peak.value > 0 ? `, most on ${utcDay(peak.start)} (${formatNumber(peak.value)} ${unit}).` : '.')
    : `No daily ${label} yet.`;
  return (
    <figure className="daily-chart">
      <div ref={box} className="daily-chart-canvas" role="img" aria-labelledby={captionId} data-testid="daily-chart" />
      <figcaption id={captionId} className="hint">{summary}</figcaption>
      <table className="visually-hidden">
        <caption>Daily {label}</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">{unit}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.start}>
              <th scope="row">{utcDay(p.start)}</th>
              <td>{formatNumber(p.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

const HALF_DAY = 43_200;
/** Ticks fall on whole days (the buckets), a week or a month apart when the range is long. */
const DAY_STEPS = [1, 2, 7, 14, 30, 61, 91, 182, 365].map((d) => d * 86_400);

function shortDay(epochSeconds: number): string {
  return new Intl.DateTimeFormat(navigator.language || 'en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(epochSeconds * 1000));
}

function compact(value: number): string {
  return new Intl.NumberFormat(navigator.language || 'en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** The series' buckets are UTC days: named as such whatever the browser's zone. */
function utcDay(iso: string): string {
  return new Intl.DateTimeFormat(navigator.language || 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}
