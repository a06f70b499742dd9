import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

// One worker, busy with another job for 10 s: the panel's job waits in the queue. (4 s was too short on a
// loaded CI machine: the blocker finished before Cancel reached the service, and the job was not cancellable.)
e2eSuite('cancel while queued', { processingMs: 10_000, workers: 1 }, (ctx) => {
  it('cancels the queued job at the service', async () => {
    const { emulator, config } = ctx().server.services;
    const media = `${ctx().server.url}__reanimate/media/`;
    const blocker = await fetch(`${emulator.url}/v1/models/sync/react-1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ video_url: `${media}face.mp4`, audio_url: `${media}dub.wav` }),
    });
    expect(blocker.status).toBe(200);

    const page = await ctx().open('select=clip1');
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByText(/Waiting in the queue \(position 1\)/).waitFor({ timeout: 15_000 });
    await screenshotState(page, 'queued');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByRole('alert')
      .getByText(/Cancelled/)
      .waitFor({ timeout: 10_000 });
    await screenshotState(page, 'cancelled');

    const panelJob = emulator
      .listJobs()
      .find((job) => job.status !== 'in_progress' && job.status !== 'completed');
    expect(panelJob?.status).toBe('cancelled');
    await page.context().close();
  });
});
