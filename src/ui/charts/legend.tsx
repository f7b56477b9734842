// One legend for every chart: items in the order the chart draws its series, each icon showing what tells the
// series apart without colour: the line's dash pattern and the marker of its algorithm (hollow on dashed
// lines). The exporter copies these icons into the SVG/PNG.
import { Symbols, type SymbolType } from 'recharts';
import type { AlgoId } from '../../core/setup';
import { cachedBy } from './cached';

/** The marker of each algorithm on line charts (and in their legends). */
export const ALGO_MARKERS: Record<AlgoId, SymbolType> = { bc: 'circle', 'dro-bc': 'square', 'be-droil': 'triangle', 'segment-dro': 'star', mbil: 'diamond',
  'tilted-model': 'cross', 'augment-model': 'wye', 'tilted-expert': 'diamond', 'lr-oracle': 'square',
};

const SYMBOLS = new Set<string>(['circle', 'cross', 'diamond', 'square', 'star', 'triangle', 'wye']);

interface Item { value?: string; type?: string; color?: string; payload?: object }

/**
 * A chart's legend, outside its recharts chart (above it): inside, recharts' Legend measured its box in the DOM
 * (a forced layout) and re-laid the chart out whenever its entries changed, which every slider move did (the
 * names carry the radius); it was about a sixth of a chart's redraw. Entries in the order the chart draws its
 * series; `marker`: the line's marker (hollow on a dashed line), 'rect' for bars, none for a plain line.
 */
export function SeriesLegend({ series }: { series: { name: string; color: string; dash?: string; marker?: SymbolType | 'rect' }[] }) {
  return <ChartLegend items={series.map((s) => ({ value: s.name, color: s.color, type: s.marker ?? 'plainline', payload: { strokeDasharray: s.dash } }))} />;
}

function ChartLegend({ items }: { items: Item[] }) {
  return (
    <ul className="chart-legend recharts-default-legend">
      {items.filter((it) => it.type !== 'none').map((it) => (
        <li key={it.value} className="recharts-legend-item">
          <LegendIcon item={it} />
          <span className="recharts-legend-item-text">{it.value}</span>
        </li>
      ))}
    </ul>
  );
}

function LegendIcon({ item }: { item: Item }) {
  const color = item.color ?? '#333';
  const dash = (item.payload as { strokeDasharray?: string } | undefined)?.strokeDasharray;
  if (item.type === 'rect') {
    return <svg className="legend-icon" width={14} height={12} aria-hidden="true"><rect x={1} y={1} width={12} height={10} fill={color} /></svg>;
  }
  const marker = item.type && SYMBOLS.has(item.type) ? (item.type as SymbolType) : null;
  return (
    <svg className="legend-icon" width={28} height={12} aria-hidden="true">
      <line x1={1} y1={6} x2={27} y2={6} stroke={color} strokeWidth={2} strokeDasharray={dash} />
      {marker && <Symbols cx={14} cy={6} type={marker} size={36} fill={dash ? '#ffffff' : color} stroke={color} strokeWidth={1.5} />}
    </svg>
  );
}

/** A line's markers: the algorithm's symbol, filled (solid line) or hollow (dashed line); one function per look. */
export const markerDot = cachedBy(function markerDot(shape: SymbolType, color: string, hollow?: boolean, size?: number) {
  return (p: { cx?: number; cy?: number; index?: number; value?: unknown }) => (
    p.cx === undefined || p.cy === undefined || p.value === null || p.value === undefined
      ? <g key={`dot-${p.index}`} />
      : <Symbols key={`dot-${p.index}`} cx={p.cx} cy={p.cy} type={shape} size={size ?? 36} fill={hollow ? '#ffffff' : color} stroke={color} strokeWidth={1.5} />
  );
});
