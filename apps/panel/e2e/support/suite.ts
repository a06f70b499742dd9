import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevServicesOptions } from '../../src/panel/dev-server/services.ts';
import { CHROMIUM_MISSING, findChromium, launchChromium } from './browser.ts';
import { type PanelServer, startPanelServer } from './panel-server.ts';

export interface E2eContext {
  browser: Browser;
  server: PanelServer;
  /** A fresh page (own storage) on the built panel, with `query` appended to its URL. */
  open(query?: string, width?: number): Promise<Page>;
}

/**
 * One browser and one set of services per file. Without Chromium the suite says how to get one; in CI
 * (CI=true) that is a failure, never a silent skip.
 */
export function e2eSuite(
  name: string,
  options: DevServicesOptions,
  body: (ctx: () => E2eContext) => void,
): void {
  const executable = findChromium();
  if (!executable) {
    describe(name, () => {
      // In CI a missing browser is a failure; elsewhere the suite is reported skipped, with the reason, never
      // as a pass.
      if (process.env.CI === 'true') it('needs Chromium', () => expect.fail(CHROMIUM_MISSING));
      else it.skip(`needs Chromium: ${CHROMIUM_MISSING}`, () => {});
    });
    return;
  }
  let ctx: E2eContext | undefined;
  describe(name, () => {
    beforeAll(async () => {
      const [browser, server] = await Promise.all([launchChromium(executable), startPanelServer(options)]);
      ctx = {
        browser,
        server,
        async open(query = '', width = 320) {
          const context = await browser.newContext({ viewport: { width, height: 720 } });
          context.setDefaultTimeout(10_000);
          const page = await context.newPage();
          page.on('pageerror', (error) => console.error('[page error]', error.message));
          await page.goto(`${server.url}${query ? `?${query}` : ''}`);
          return page;
        },
      };
    });
    afterAll(async () => {
      await ctx?.browser.close();
      await ctx?.server.close();
    });
    body(() => {
      if (!ctx) throw new Error('e2e context not ready');
      return ctx;
    });
  });
}
