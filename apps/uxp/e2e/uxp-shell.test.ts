/**
 * The shared UI under the UXP shell's bridge and platform, in real headless Chromium: the harness (harness/)
 * runs the real UXP bridge over the documented fake of `premierepro`. Screenshots of its states at 320 and 600 px
 * go to apps/uxp/artifacts/ (git-ignored), like the CEP panel's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { samples } from '@reanimate/samples';
import { expect, it } from 'vitest';
import { generate, harnessSuite, screenshots } from './support/harness.ts';

harnessSuite('the shared UI under the UXP shell', { processingMs: 100 }, (ctx) => {
  it('shows the clip Premiere has selected, with its length, sequence and track', async () => {
    const { page, errors } = await ctx().open();
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
    const { page, errors } = await generate(ctx());
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
    expect(
      ctx()
        .services.emulator.listJobs()
        .map((job) => job.status),
    ).toEqual(['completed']);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('list', { name: 'Jobs' }).getByText('Done').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it("shows the service's reason for a failed job, and Retry uploads and runs it again", async () => {
    const { emulator } = ctx().services;
    const before = emulator.listJobs().length;
    emulator.injectFault({ kind: 'fail', reason: 'no face was found in the video' });
    const { page, errors } = await generate(ctx());
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
      emulator
        .listJobs()
        .slice(before)
        .map((job) => job.status),
    ).toEqual(['failed', 'completed']);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('re-animates with a dub chosen from the project’s audio items', async () => {
    const { page, errors } = await ctx().open('?job');
    await page
      .getByRole('region', { name: 'Selected clip' })
      .getByText('Interview.mp4')
      .waitFor({ timeout: 15_000 });
    await page.getByLabel('A project item').check();
    const items = page.getByLabel('Project audio item');
    await items.locator('option', { hasText: 'Interview (French).wav' }).waitFor({ state: 'attached' });
    expect(await items.locator('option').allTextContents()).toContain(
      'Interview (French).wav — Dubs · 4.5 s',
    );
    await items.selectOption({ label: 'Interview (French).wav — Dubs · 4.5 s' });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('region', { name: 'Result' }).waitFor({ timeout: 30_000 });
    const job = ctx().services.emulator.listJobs().at(-1);
    expect(job?.status).toBe('completed');
    // Uploads are content-addressed: the audio sent is the project item's own media file (the sample dub).
    const dubHash = createHash('sha256').update(readFileSync(samples.dubWav)).digest('hex');
    expect(job?.input).toMatchObject({ audio_url: expect.stringContaining(`${dubHash}.wav`) });
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('says what to do with nothing selected and with no project', async () => {
    const none = await ctx().open('?select=none');
    await none.page.getByText('No clip selected').waitFor({ timeout: 15_000 });
    await screenshots(none.page, 'no-selection');
    await none.page.close();
    const closed = await ctx().open('?project=none');
    await closed.page.getByText('No project open').waitFor({ timeout: 15_000 });
    await screenshots(closed.page, 'no-project');
    expect([...none.errors, ...closed.errors]).toEqual([]);
    await closed.page.close();
  }, 60_000);
});
