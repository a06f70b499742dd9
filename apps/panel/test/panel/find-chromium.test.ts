// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CHROMIUM_MISSING, findChromium } from '../../e2e/support/browser.ts';

describe('findChromium (e2e browser lookup)', () => {
  it('prefers CHROME_PATH, then Debian’s /usr/bin/chromium', () => {
    const present = new Set(['/opt/chrome', '/usr/bin/chromium']);
    expect(findChromium({ CHROME_PATH: '/opt/chrome' }, (p) => present.has(p))).toBe('/opt/chrome');
    expect(findChromium({ CHROME_PATH: '/missing' }, (p) => present.has(p))).toBe('/usr/bin/chromium');
  });

  it('finds nothing on a machine without a browser, and the message says how to install one', () => {
    expect(findChromium({}, () => false)).toBeUndefined();
    expect(CHROMIUM_MISSING).toMatch(/apt-get install chromium/);
    expect(CHROMIUM_MISSING).toMatch(/CHROME_PATH/);
  });
});
