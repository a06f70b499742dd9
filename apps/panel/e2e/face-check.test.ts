import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

// The built panel in Chromium: the detector script loads on first use, frames come from a <video> of the clip's
// media, and the clips are the NASA portrait of @reanimate/samples (face.mp4, face-cut.mp4, two-faces.mp4).
const CHECK_TIMEOUT = 60_000;

/** A mark's span in seconds, from its accessible name ("No face from 1.88 s to 4.00 s"). */
async function spanOf(page: Page, name: RegExp): Promise<[number, number]> {
  const mark = page
    .getByRole('list', { name: 'Where the findings fall on the clip' })
    .getByRole('listitem', { name });
  await mark.waitFor({ timeout: CHECK_TIMEOUT });
  const label = (await mark.getAttribute('aria-label')) ?? '';
  const [, from, to] = /from ([\d.]+) s to ([\d.]+) s/.exec(label) ?? [];
  return [Number(from), Number(to)];
}

e2eSuite('face check in the panel', { processingMs: 100 }, (ctx) => {
  it(
    'finds the face of a close-up, marks the span after a cut away from it and the two faces of a two-shot',
    async () => {
      const page = await ctx().open('select=clip1');
      await page.getByText('Face check: one face throughout.').waitFor({ timeout: CHECK_TIMEOUT });
      expect(await page.evaluate(() => 'ReanimateFaceDetector' in globalThis)).toBe(true);

      await page.getByRole('button', { name: 'Cutaway' }).click();
      // The cut is at 2 s: the span starts between the last sample with a face and the first without.
      const [from, to] = await spanOf(page, /^No face from/);
      expect(from).toBeGreaterThanOrEqual(1.75);
      expect(from).toBeLessThanOrEqual(2.125);
      expect(to).toBe(4);
      const findings = page.getByRole('region', { name: 'Face check' });
      await findings.getByText(/No face is visible 0:0[12]\.\d\d–0:04\.00: .*Trim that span/).waitFor();
      // Drawn over the clip's span: its left edge at from/duration of the bar (the label rounds to 0.01 s).
      const left = await page
        .locator('.face-strip .mark.no_face')
        .evaluate((mark) => (mark as HTMLElement).style.left);
      expect(Math.abs(Number.parseFloat(left) - (from / 4) * 100)).toBeLessThan(0.2);
      // A warning, not a refusal: the clip can still be generated.
      expect(await page.getByRole('button', { name: 'Generate', exact: true }).isEnabled()).toBe(true);
      await screenshotState(page, 'face-check-no-face');

      await page.getByRole('button', { name: 'Two-shot' }).click();
      expect(await spanOf(page, /^Several faces from/)).toEqual([0, 4]);
      await findings.getByText(/react-1 has no face selection .*Crop to the speaker/).waitFor();
      await screenshotState(page, 'face-check-two-faces');

      // Back to the close-up: its verdict is remembered, not looked for again.
      await page.getByRole('button', { name: 'Interview A' }).click();
      await page.getByText('Face check: one face throughout.').waitFor({ timeout: 2000 });
      await page.context().close();
    },
    CHECK_TIMEOUT * 3,
  );

  it(
    'does not look when the setting is off, and looks again once it is on',
    async () => {
      const page = await ctx().open('select=none');
      await page.getByRole('tab', { name: 'Settings' }).click();
      const setting = page.getByRole('checkbox', { name: 'Check faces when a clip is selected' });
      expect(await setting.isChecked()).toBe(true);
      await setting.uncheck();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('status').getByText('Saved.').waitFor();
      await page.getByRole('tab', { name: 'Generate' }).click();
      await page.getByRole('button', { name: 'Cutaway' }).click();
      await page.getByRole('region', { name: 'Selected clip' }).getByText('Cutaway').waitFor();
      // Long enough for a check to have started: nothing is shown and the detector was never loaded.
      await page.waitForTimeout(1500);
      expect(await page.locator('.face-check').count()).toBe(0);
      expect(await page.evaluate(() => 'ReanimateFaceDetector' in globalThis)).toBe(false);

      await page.getByRole('tab', { name: 'Settings' }).click();
      await setting.check();
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByRole('tab', { name: 'Generate' }).click();
      await spanOf(page, /^No face from/);
      await page.context().close();
    },
    CHECK_TIMEOUT * 2,
  );
});
