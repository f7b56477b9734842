// Where the slider benchmarks look from (bench/page.ts, bench/slider-profile.ts): the charts' grid just under the
// radius slider's bar. From the tenth session the bar is sticky (styles.css), so the slider and the charts it moves
// are on screen together; a build without it shows the same charts with its slider scrolled away.

/**
 * The pointer parked over the page's header first: left where the Train click put it, a scroll brought a chart under
 * it, which mounted that chart's tooltip (ChartCard's ChartTooltip) and made its redraws dearer in one layout than
 * in another. Run in Node with the page.
 */
export async function parkPointer(page: { mouse: { move(x: number, y: number): Promise<void> } }): Promise<void> {
  await page.mouse.move(2, 2);
}

/** Scrolls the page so that the charts' grid begins just under the slider's bar. Runs in the page (page.evaluate). */
export function scrollToCharts(): void {
  const grid = document.querySelector('[data-testid=chart-sweep]')?.parentElement;
  const bar = document.querySelector('.slider-bar');
  if (grid) window.scrollTo(0, grid.getBoundingClientRect().top + window.scrollY - (bar?.getBoundingClientRect().height ?? 0) - 12);
}
