import { expect, it } from 'vitest';
import { screenshotState } from './support/screenshots.ts';
import { e2eSuite } from './support/suite.ts';

e2eSuite('check this host', { processingMs: 100 }, (ctx) => {
  it('runs every host operation on a scratch copy and shows a table to copy into a bug report', async () => {
    const page = await ctx().open('select=clip1');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Check this host' }).click();
    const table = page.getByRole('table', { name: 'Host check' });
    await table.waitFor({ timeout: 20_000 });
    const rows = await table
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
      );
    expect(rows.map(([operation, result]) => [operation, result])).toEqual([
      ['Open project', 'ok'],
      ['Scratch sequence in a scratch bin', 'ok'],
      ['Export 1 s (frame-exact)', 'ok'],
      ['Import into a bin with tags', 'ok'],
      ['Place above, sound on a free track', 'ok'],
      ['Remove everything it made', 'ok'],
      ['Your sequence, in/out and selection as before', 'ok'],
    ]);
    // The 1 s export was read back from the file itself: 24 frames at 24 fps.
    expect(rows[2]?.[2]).toBe('24 frames, 1.000 s, sound exported');
    await page
      .getByRole('status')
      .getByText(/every operation worked/)
      .waitFor();
    const report = await page.getByRole('textbox', { name: 'Host check report' }).inputValue();
    expect(report.split('\n')[0]).toMatch(/^Reanimate host check: simulated .*: all ok$/);
    await screenshotState(page, 'host-check');
    // Nothing of the scratch copy is left on the simulated timeline.
    const left = await page.evaluate(
      () =>
        (window as unknown as { reanimateSimulatedHost: { imports: unknown[]; placements: unknown[] } })
          .reanimateSimulatedHost,
    );
    expect([left.imports.length, left.placements.length]).toEqual([0, 0]);
    await page.context().close();
  });
});
