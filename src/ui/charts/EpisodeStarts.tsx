// Dotted vertical lines where each demonstrated episode starts (the weights chart), drawn as one SVG path:
// as ReferenceLines they were ~60 recharts items, each registered in the chart's store and drawn through its
// own selectors, which made that chart's mount the longest task after a run (105 ms CPU at load 16).
import { usePlotArea, useXAxisScale } from 'recharts';

/** `starts`: the dataset's episode offsets (0 first, the end last: neither is drawn). */
export function EpisodeStarts({ starts }: { starts: ArrayLike<number> }) {
  const x = useXAxisScale();
  const area = usePlotArea();
  if (!x || !area) return null;
  let d = '';
  for (let i = 1; i < starts.length - 1; i++) {
    const px = x(starts[i]);
    if (typeof px === 'number' && Number.isFinite(px) && px >= area.x && px <= area.x + area.width) d += `M${px.toFixed(1)},${area.y}v${area.height}`;
  }
  return d ? <path className="episode-starts" d={d} stroke="#c3cad5" strokeDasharray="2 3" fill="none" /> : null;
}
