import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

e2eSuite('a failing job', { processingMs: 100 }, (ctx) => {
  it("shows the service's reason, lists the job as failed, and Retry runs it again", async () => {
    ctx().server.services.emulator.injectFault({ kind: 'fail', reason: 'no face was found in the video' });
    const page = await ctx().open('select=clip1');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/no face was found in the video/).waitFor({ timeout: 20_000 });
    await screenshotState(page, 'failed');

    await page.getByRole('tab', { name: 'Jobs' }).click();
    const jobs = page.getByRole('list', { name: 'Jobs' });
    await jobs.getByText('Failed').waitFor();
    await jobs.getByText(/no face was found/).waitFor();
    await screenshotState(page, 'jobs-failed');
    await jobs.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('region', { name: 'Result' }).waitFor({ timeout: 20_000 });
    const statuses = ctx()
      .server.services.emulator.listJobs()
      .map((j) => j.status);
    expect(statuses).toEqual(['failed', 'completed']);
    await page.context().close();
  });
});
