// The backend badge on Chromium's software WebGPU adapter: auto prefers wasm over SwiftShader and says
// why; asked for by name, webgpu trains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, store, waitForBackend, waitForStatus } from './page';

describe('WebGPU on the software adapter', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('auto skips the SwiftShader adapter for wasm and says why', async () => {
    const { page, errors } = await openPage(browser);
    const b = await waitForBackend(page);
    expect(b.backend).toBe('wasm');
    expect(b.reason).toMatch(/software fallback \(SwiftShader\)/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('trains on webgpu when asked for it by name', async () => {
    const { page, errors } = await openPage(browser, FAST.replace('steps=30', 'steps=10') + '&backend=webgpu&algos=bc');
    const b = await waitForBackend(page);
    expect(b).toEqual({ backend: 'webgpu', reason: 'requested webgpu' });
    expect(await page.textContent('[data-testid=backend-badge]')).toContain('webgpu');
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    expect(await store<string>(page, 's => s.result.backend.backend')).toBe('webgpu');
    const last = await store<{ step: number; bcLoss: number }>(page, 's => s.run.diag[0].at(-1)');
    expect(last.step).toBe(10);
    expect(Number.isFinite(last.bcLoss)).toBe(true);
    // tfjs warns once about synchronous reads on webgpu (console.warn, not an error); nothing else.
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
