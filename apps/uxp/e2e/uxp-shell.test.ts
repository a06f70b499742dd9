/**
 * The shared UI under the UXP shell's bridge and platform, in real headless Chromium: the harness (harness/)
 * runs the real UXP bridge over the documented fake of `premierepro`. Screenshots of its states at 320 and 600 px
 * go to apps/uxp/artifacts/ (git-ignored), like the CEP panel's.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium, launchChromium } from '../../panel/e2e/support/browser.ts';
import { type DevServices, startDevServices } from '../../panel/src/panel/dev-server/services.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const HARNESS = join(ROOT, 'dist', 'harness');
const ARTIFACTS = join(ROOT, 'artifacts');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

async function screenshots(page: Page, state: string) {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const width of [320, 600]) {
    await page.setViewportSize({ width, height: 720 });
    await page.screenshot({ path: join(ARTIFACTS, `uxp-${state}-${width}.png`), fullPage: true });
  }
}

const chromium = findChromium();
describe('the shared UI under the UXP shell', () => {
  if (!chromium) {
    if (process.env.CI === 'true') it('needs Chromium', () => expect.fail(CHROMIUM_MISSING));
    else it.skip(`needs Chromium: ${CHROMIUM_MISSING}`, () => {});
    return;
  }
  let browser: Browser;
  let server: Server;
  let services: DevServices;
  let url = '';
  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '-c', 'vite.harness.config.ts', '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    services = await startDevServices({ processingMs: 100 });
    server = createServer((req, res) =>
      services.middleware(req, res, () => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const file = normalize(join(HARNESS, path === '/' ? 'index.html' : path));
        if (!file.startsWith(HARNESS) || !existsSync(file) || !statSync(file).isFile()) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    browser = await launchChromium(chromium);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await services?.close();
  });

  async function open(query = '') {
    const page = await browser.newPage({ viewport: { width: 320, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}${query}`);
    return { page, errors };
  }

  it('shows the clip Premiere has selected, with its length, sequence and track', async () => {
    const { page, errors } = await open();
    const card = page.getByRole('region', { name: 'Selected clip' });
    await card.getByText('Interview.mp4').waitFor({ timeout: 15_000 });
    expect(await card.textContent()).toContain('4.0 s · Edit · V1');
    await page
      .getByText('Face check unavailable: The face check is not available in the UXP plugin yet.')
      .waitFor();
    expect(await page.getByRole('button', { name: 'Generate' }).count()).toBe(1);
    await screenshots(page, 'selected');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('runs a job end to end: export, upload, react-1 on the emulator, download, then places it with its sound', async () => {
    const { page, errors } = await open('?job');
    await page
      .getByRole('region', { name: 'Selected clip' })
      .getByText('Interview.mp4')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Generate' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}\npage says: ${(await page.locator('main').textContent())?.slice(0, 600)}`,
      );
    });
    // UXP panels have no <video>: neither a thumbnail nor the A/B player, and the Result says where to compare.
    expect(await page.locator('video').count()).toBe(0);
    await result.getByText(/cannot play video/).waitFor();
    await screenshots(page, 'result');
    await result.getByRole('button', { name: 'Place above' }).click();
    await result
      .getByText('Placed on V3 at 2.00 s, its sound on A3.')
      .waitFor({ timeout: 15_000 })
      .catch(async (error: unknown) => {
        throw new Error(`${String(error)}\nresult says: ${(await result.textContent())?.slice(0, 400)}`);
      });
    const jobs = services.emulator.listJobs();
    expect(jobs.map((job) => job.status)).toEqual(['completed']);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('list', { name: 'Jobs' }).getByText('Done').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows the service's reason for a failed job, and Retry uploads and runs it again", async () => {
    const before = services.emulator.listJobs().length;
    services.emulator.injectFault({ kind: 'fail', reason: 'no face was found in the video' });
    const { page, errors } = await open('?job');
    await page
      .getByRole('region', { name: 'Selected clip' })
      .getByText('Interview.mp4')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Generate' }).click();
    await page
      .getByRole('alert')
      .getByText(/no face was found in the video/)
      .waitFor({ timeout: 30_000 });
    await screenshots(page, 'failed');
    await page.getByRole('tab', { name: 'Jobs' }).click();
    const jobs = page.getByRole('list', { name: 'Jobs' });
    await jobs.getByText('Failed').waitFor();
    await jobs.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('region', { name: 'Result' }).waitFor({ timeout: 30_000 });
    expect(
      services.emulator
        .listJobs()
        .slice(before)
        .map((job) => job.status),
    ).toEqual(['failed', 'completed']);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('says what to do with nothing selected and with no project', async () => {
    const none = await open('?select=none');
    await none.page.getByText('No clip selected').waitFor({ timeout: 15_000 });
    await screenshots(none.page, 'no-selection');
    await none.page.close();
    const closed = await open('?project=none');
    await closed.page.getByText('No project open').waitFor({ timeout: 15_000 });
    await screenshots(closed.page, 'no-project');
    expect([...none.errors, ...closed.errors]).toEqual([]);
    await closed.page.close();
  }, 60_000);
});
