import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

e2eSuite('reload mid-job', { processingMs: 2500 }, (ctx) => {
  it('resumes the job from the journal without submitting it again', async () => {
    const page = await ctx().open('select=clip1');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.locator('[aria-current="step"]', { hasText: 'Re-animating' }).waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByRole('region', { name: 'Progress' }).waitFor();
    await screenshotState(page, 'resumed');
    await page.getByRole('region', { name: 'Result' }).waitFor({ timeout: 20_000 });
    expect(ctx().server.services.emulator.listJobs()).toHaveLength(1);
    await page.getByRole('tab', { name: 'Jobs' }).click();
    await page.getByRole('list', { name: 'Jobs' }).getByText('Done').waitFor();
    await page.context().close();
  });
});
