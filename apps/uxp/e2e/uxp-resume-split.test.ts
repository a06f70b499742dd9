/**
 * The shared UI's reload and split paths under the UXP shell: the journal in the plugin's data folder carries a job
 * across a reload, and a clip over 15 s is split into segments exported by the UXP bridge, one job each.
 */
import { expect, it } from 'vitest';
import { harnessSuite, screenshots } from './support/harness.ts';

harnessSuite('reload and split, under the UXP shell', { processingMs: 2500 }, (ctx) => {
  it('resumes a job from the journal after a reload, without submitting it again', async () => {
    const { page, errors } = await ctx().open('?job');
    await page
      .getByRole('region', { name: 'Selected clip' })
      .getByText('Interview.mp4')
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.locator('[aria-current="step"]', { hasText: 'Re-animating' }).waitFor({ timeout: 20_000 });
    const submitted = ctx().services.emulator.listJobs().length;
    expect(submitted).toBe(1);
    await page.reload();
    await page.getByRole('region', { name: 'Progress' }).waitFor({ timeout: 15_000 });
    await screenshots(page, 'resumed');
    await page.getByRole('region', { name: 'Result' }).waitFor({ timeout: 30_000 });
    expect(ctx().services.emulator.listJobs()).toHaveLength(1);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('list', { name: 'Jobs' }).getByText('Done').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('splits a 20 s clip into two segments, one job each, and places each at its own start', async () => {
    const before = ctx().services.emulator.listJobs().length;
    const { page, errors } = await ctx().open('?job&clip=long');
    await page
      .getByRole('note')
      .getByText(/Longer than 15 s/)
      .waitFor({ timeout: 15_000 });
    await screenshots(page, 'split-offer');
    await page.getByRole('button', { name: 'Split and generate' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result
      .getByText('2 segments ready')
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        throw new Error(
          `${String(error)}\npage says: ${(await page.locator('main').textContent())?.slice(0, 600)}`,
        );
      });
    await screenshots(page, 'split-result');
    expect(
      ctx()
        .services.emulator.listJobs()
        .slice(before)
        .map((job) => job.status),
    ).toEqual(['completed', 'completed']);
    // 20 s at 25 fps: 250 frames each. The first segment (2–12 s) finds V2 taken by the title (3–5 s) and A2 by
    // the music (0–10 s); the second (12–22 s) finds both free.
    await result.getByRole('button', { name: 'Place above' }).nth(0).click();
    await result.getByText('Placed on V3 at 2.00 s, its sound on A3.').waitFor({ timeout: 15_000 });
    await result.getByRole('button', { name: 'Place above' }).nth(1).click();
    await result.getByText('Placed on V2 at 12.00 s, its sound on A2.').waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
