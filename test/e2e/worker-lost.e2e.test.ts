// A computation worker that dies mid-run (an uncaught error in it) must not leave the page waiting forever:
// the run ends with a one-line error naming the cause, the built-in demonstrations are generated again in a
// fresh worker, and the next Train runs to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch } from './browser';
import { FAST, openPage, store, until, waitForBackend, waitForStatus } from './page';

describe('a lost worker', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch({ webgpu: false }); });
  afterAll(async () => { await browser?.close(); });

  it('ends the run with a message, reloads the demonstrations in a new worker, and trains again', async () => {
    const { page, errors } = await openPage(browser, FAST.replace('steps=30', 'steps=100000'));
    await waitForBackend(page);
    await page.click('[data-testid=train]');
    await until(page, 's => s.run.step > 0');
    const loadsBefore = await store<number>(page, 's => s.dataset.loads');
    // An uncaught error inside the worker: what a crash looks like from the page. It comes 30 ms after a
    // progress message (those go over a MessagePort), while the page holds that message for its next commit.
    const worker = page.workers().find((w) => /worker/.test(w.url()))!;
    await worker.evaluate(() => {
      const post = MessagePort.prototype.postMessage;
      let sent = 0;
      MessagePort.prototype.postMessage = function (this: MessagePort, ...args: Parameters<MessagePort['postMessage']>) {
        post.apply(this, args);
        if (++sent === 2) setTimeout(() => { throw new Error('injected failure'); }, 30);
      } as MessagePort['postMessage'];
    });
    expect(await waitForStatus(page, ['error', 'done'], 60_000)).toBe('error');
    // A progress commit the run had scheduled (every 250 ms) must not bring 'training' back after the error.
    await page.waitForTimeout(600);
    expect(await store<string>(page, 's => s.run.status')).toBe('error');
    const run = await store<{ error: string }>(page, 's => s.run');
    expect(run.error).toMatch(/^The computation worker stopped: .*injected failure.*Train again to retry\.$/);
    await until(page, `s => s.dataset.loads > ${loadsBefore} && !s.dataset.loading && s.dataset.summary !== null`);
    // The next run, in the new worker, with a short setup.
    await page.evaluate(() => {
      const s = (window as unknown as { __droilStore: { getState(): { setup: object }; setState(p: object): void } }).__droilStore;
      s.setState({ setup: { ...s.getState().setup, steps: 30 } });
    });
    await page.click('[data-testid=train]');
    expect(await waitForStatus(page, ['done', 'error'])).toBe('done');
    expect(errors.filter((e) => !/injected failure|computation worker stopped/.test(e))).toEqual([]);
    await page.close();
  }, 300_000);
});
