import { expect, it } from 'vitest';
import { generate, harnessSuite, screenshots } from './support/harness.ts';

// One emulator worker, busy with another job for 10 s: the plugin's job waits in the queue (a shorter blocker
// can finish before Cancel reaches the service on a loaded machine).
harnessSuite('cancel while queued, under the UXP shell', { processingMs: 10_000, workers: 1 }, (ctx) => {
  it('cancels the queued job at the service and says so', async () => {
    const { emulator, config } = ctx().services;
    const blocker = await fetch(`${emulator.url}/v1/models/sync/react-1`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        video_url: `${ctx().url}__reanimate/media/face.mp4`,
        audio_url: `${ctx().url}__reanimate/media/dub.wav`,
      }),
    });
    expect(blocker.status).toBe(200);
    const { page, errors } = await generate(ctx());
    await page.getByText(/Waiting in the queue \(position 1\)/).waitFor({ timeout: 20_000 });
    await screenshots(page, 'queued');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page
      .getByRole('alert')
      .getByText(/Cancelled/)
      .waitFor({ timeout: 15_000 });
    const mine = emulator.listJobs().find((job) => job.status === 'cancelled');
    expect(mine).toBeDefined();
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);
});
