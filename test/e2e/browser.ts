// Launches Debian's Chromium through playwright-core with the project's flags.
import { chromium, type Browser, type Page, type ConsoleMessage } from 'playwright-core';
import { chromiumArgs } from '../chromium-flags';

export async function launch(opts: { webgpu?: boolean } = {}): Promise<Browser> {
  const args = opts.webgpu === false
    ? chromiumArgs.filter((a) => !a.includes('webgpu'))
    : chromiumArgs;
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
}

/** Collects console errors and uncaught page errors so a test can assert there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}
