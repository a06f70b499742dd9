import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

e2eSuite('selection states and split', { processingMs: 100 }, (ctx) => {
  it('says what to do when nothing is selected, and follows the selection', async () => {
    const page = await ctx().open('select=none');
    await page.getByRole('status').getByText('No clip selected').waitFor();
    expect(await page.getByRole('button', { name: 'Generate', exact: true }).count()).toBe(0);
    await screenshotState(page, 'no-selection');

    await page.getByRole('button', { name: 'Interview B' }).click();
    await page.getByRole('region', { name: 'Selected clip' }).getByText('Interview B').waitFor();
    await page.getByRole('button', { name: 'Lower third' }).click();
    await page.getByText('This item cannot be re-animated').waitFor();
    await screenshotState(page, 'unsupported');
    await page.getByRole('button', { name: 'Interview A' }).click();
    await page.getByRole('button', { name: 'Interview B' }).click({ modifiers: ['Shift'] });
    await page.getByText('2 clips selected').waitFor();
    await screenshotState(page, 'several-clips');
    await page.getByRole('button', { name: 'Generate a batch of 2' }).click();
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('2 results ready').waitFor({ timeout: 20_000 });
    expect(await result.getByRole('heading', { name: 'Interview B' }).count()).toBe(1);
    expect(
      ctx()
        .server.services.emulator.listJobs()
        .map((j) => j.status),
    ).toEqual(['completed', 'completed']);
    await page.context().close();
  });

  it('shows the no-project and no-sequence states', async () => {
    const page = await ctx().open('project=none');
    await page.getByText('No project open').waitFor();
    await screenshotState(page, 'no-project');
    await page.goto(`${ctx().server.url}?sequence=none`);
    await page.getByText('No sequence open').waitFor();
    await page.context().close();
  });

  it('splits a clip over 15 s into segments, one job each', async () => {
    const page = await ctx().open('select=clip2&theme=dark');
    await page
      .getByRole('note')
      .getByText(/Longer than 15 s/)
      .waitFor();
    await screenshotState(page, 'split-offer');
    await page.getByRole('button', { name: 'Split and generate' }).click();
    await page.getByRole('heading', { name: /segment 1 of 2/ }).waitFor();
    const result = page.getByRole('region', { name: 'Result' });
    await result.getByText('2 segments ready').waitFor({ timeout: 20_000 });
    await screenshotState(page, 'split-result');
    expect(await result.getByRole('button', { name: 'Import to bin' }).count()).toBe(2);
    const jobs = ctx().server.services.emulator.listJobs();
    expect(jobs.map((j) => j.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    // Each segment lands at its own start: clip2 starts at 4.022 s, its second half 8.042 s later (193 of 386
    // frames at 24 fps).
    await result.getByRole('button', { name: 'Place above' }).nth(0).click();
    await result.getByText('Placed on V2 at 4.02 s, its sound on A2.').waitFor();
    // Video only: the result's sound stays out of the timeline.
    await result
      .getByRole('checkbox', { name: /Video only/ })
      .nth(1)
      .check();
    await result.getByRole('button', { name: 'Place above' }).nth(1).click();
    await result.getByText('Placed on V2 at 12.06 s.').waitFor();
    // "Place in place" for a segment: above at its offset with the original disabled (replace swaps whole clips).
    await result.getByRole('button', { name: 'Place in place' }).nth(1).click();
    await result.getByText('Placed above the original on V2 at 12.06 s; the original is disabled.').waitFor();
    const placements = await page.evaluate(() =>
      (
        window as unknown as {
          reanimateSimulatedHost: {
            placements: { offsetSec: number; mode: string; disableOriginal: boolean; audio: string }[];
          };
        }
      ).reanimateSimulatedHost.placements.map(({ offsetSec, mode, disableOriginal, audio }) => ({
        offsetSec,
        mode,
        disableOriginal,
        audio,
      })),
    );
    expect(placements).toEqual([
      { offsetSec: 0, mode: 'above', disableOriginal: false, audio: 'free-track' },
      { offsetSec: 193 / 24, mode: 'above', disableOriginal: false, audio: 'none' },
      { offsetSec: 193 / 24, mode: 'above', disableOriginal: true, audio: 'none' },
    ]);
    await page.context().close();
  });
});
