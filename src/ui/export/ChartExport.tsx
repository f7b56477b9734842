// The export buttons of one chart card: SVG and PNG of what the chart shows now, and CSV of the numbers it draws.
import { useRef, useState } from 'react';
import { chartSvg, svgToPng } from './chart-export';
import { tableCsv, type ChartTable } from './chart-table';
import { downloadBlob, downloadText, slug } from './download';

export function ChartExport(props: { title: string; testId: string; summary?: string; table?: () => ChartTable | null }) {
  const ref = useRef<HTMLSpanElement>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (kind: 'svg' | 'png') => {
    setError(null);
    const fig = ref.current?.closest('figure');
    const svg = fig ? chartSvg(fig, props.title, props.summary) : null;
    if (!svg) { setError('Nothing drawn yet.'); return; }
    try {
      const blob = kind === 'svg' ? new Blob([svg.text], { type: 'image/svg+xml' }) : await svgToPng(svg.text, svg.width, svg.height);
      downloadBlob(blob, `${slug(props.title)}.${kind}`);
    } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const csv = () => {
    setError(null);
    const t = props.table?.();
    if (!t || t.rows.length === 0) { setError('No numbers to export yet.'); return; }
    downloadText(tableCsv(t), `${slug(props.title)}.csv`, 'text/csv');
  };
  return (
    <span className="chart-export" ref={ref}>
      <button type="button" className="linklike" onClick={() => void run('svg')} data-testid={`${props.testId}-svg`} aria-label={`Download ${props.title} as SVG`}>SVG</button>
      <button type="button" className="linklike" onClick={() => void run('png')} data-testid={`${props.testId}-png`} aria-label={`Download ${props.title} as PNG`}>PNG</button>
      {props.table && <button type="button" className="linklike" onClick={csv} data-testid={`${props.testId}-csv`} aria-label={`Download the numbers of ${props.title} as CSV`}>CSV</button>}
      {error && <small className="error" role="alert">{error}</small>}
    </span>
  );
}
