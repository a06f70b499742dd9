import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium, launchChromium } from '../../../panel/e2e/support/browser.ts';
import { type PanelServer, startPanelServer } from '../../../panel/e2e/support/panel-server.ts';
import type { DevServices, DevServicesOptions } from '../../../panel/src/panel/dev-server/services.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HARNESS = join(ROOT, 'dist', 'harness');
const ARTIFACTS = join(ROOT, 'artifacts');

export interface HarnessContext {
  services: DevServices;
  /** Where the harness is served (its sample media under `__reanimate/media/`). */
  url: string;
  /** A page on the harness at 320 px; `errors` collects what the page threw. */
  open(query?: string): Promise<{ page: Page; errors: string[] }>;
}

/** Saves the current state at 320 and 600 px wide, like the CEP panel's screenshots. */
export async function screenshots(page: Page, state: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [320, 600]) {
    await page.setViewportSize({ width, height: 720 });
    await page.screenshot({ path: join(ARTIFACTS, `uxp-${state}-${width}.png`), fullPage: true });
  }
}

/** Opens the harness on a job-ready page and starts a job on the selected clip. */
export async function generate(context: HarnessContext): Promise<{ page: Page; errors: string[] }> {
  const opened = await context.open('?job');
  await opened.page
    .getByRole('region', { name: 'Selected clip' })
    .getByText('Interview.mp4')
    .waitFor({ timeout: 15_000 });
  await opened.page.getByRole('button', { name: 'Generate' }).click();
  return opened;
}

/**
 * One browser, one harness build and one set of services (emulator, S3 store, media) per suite. Without Chromium
 * the suite says how to get one; in CI a missing browser fails.
 */
export function harnessSuite(
  name: string,
  options: DevServicesOptions,
  body: (ctx: () => HarnessContext) => void,
) {
  const chromium = findChromium();
  describe(name, () => {
    if (!chromium) {
      if (process.env.CI === 'true') it('needs Chromium', () => expect.fail(CHROMIUM_MISSING));
      else it.skip(`needs Chromium: ${CHROMIUM_MISSING}`, () => {});
      return;
    }
    let browser: Browser | undefined;
    let server: PanelServer | undefined;
    let context: HarnessContext | undefined;
    beforeAll(async () => {
      execFileSync('npx', ['vite', 'build', '-c', 'vite.harness.config.ts', '--logLevel', 'error'], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      // The panel's e2e server, on the harness build: the same dev services, the same static serving.
      const started = await startPanelServer(options, `${HARNESS}/`);
      server = started;
      const { url, services } = started;
      const launched = await launchChromium(chromium);
      browser = launched;
      context = {
        services,
        url,
        async open(query = '') {
          const page = await launched.newPage({ viewport: { width: 320, height: 720 } });
          const errors: string[] = [];
          page.on('pageerror', (error) => errors.push(error.message));
          await page.goto(`${url}${query}`);
          return { page, errors };
        },
      };
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });
    body(() => {
      if (!context) throw new Error('harness not ready');
      return context;
    });
  });
}
