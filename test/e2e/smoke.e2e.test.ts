import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { collectErrors, launch } from './browser';

describe('production build', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('loads the playground with no console errors', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(inject('baseUrl'));
    await expect(page.locator('h1').first().textContent()).resolves.toContain('BE-DROIL Playground');
    expect(errors).toEqual([]);
  });
});
