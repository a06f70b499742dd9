/**
 * "Check this host" in the UXP shell, in Chromium: the shared UI's self-test on the real UXP bridge over the
 * documented fake of `premierepro` — a scratch bin and sequence, a frame-exact 1 s export read back by core's probe,
 * import with tags, placement, cleanup, and the user's sequence as before.
 */
import { expect, it } from 'vitest';
import { harnessSuite, screenshots } from './support/harness.ts';

harnessSuite('check this host, under the UXP shell', { processingMs: 100 }, (ctx) => {
  it('runs every host operation on a scratch copy and shows the table to copy into a bug report', async () => {
    const { page, errors } = await ctx().open();
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
    // 25 frames on the fake's 25 fps sequence; the file's own length from core's probe of the export.
    expect(rows[2]?.[2]).toMatch(/^25 frames, 1\.0\d\d s/);
    const report = await page.getByRole('textbox', { name: 'Host check report' }).inputValue();
    expect(report.split('\n')[0]).toMatch(/^Reanimate host check: ppro 26\.3\.0: all ok$/);
    await screenshots(page, 'host-check');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
