import { runSelfTest } from '@reanimate/panel-ui/self-test/run-self-test.ts';
import { describe, expect, it } from 'vitest';
import { createUxpBridge } from '../src/host/uxp-bridge.ts';
import { TPS, uxpWorld } from './fake-premierepro.ts';

const SAMPLE = '/Plugins/com.reanimate.uxp/self-test/sample.mp4';

describe('Check this host in the UXP plugin (documented fake of premierepro)', () => {
  it("tries every operation on a scratch sequence and leaves the user's sequence as it was", async () => {
    const world = uxpWorld();
    world.files.set(SAMPLE, 'media of 2.000000 s');
    const bridge = createUxpBridge({
      ppro: world.ppro,
      hostVersion: '26.3.0',
      presets: async () => ({ audio: ['/Presets/Waveform Audio 48kHz 16-bit.epr'] }),
      files: {
        exists: async (path) => world.files.has(path),
        size: async (path) => (world.files.get(path) ?? '').length,
        remove: async (path) => {
          world.files.delete(path);
        },
      },
    });
    const before = {
      marks: [world.sequence.inPoint, world.sequence.outPoint],
      root: world.root.children.length,
    };
    const report = await runSelfTest({
      bridge,
      samplePath: SAMPLE,
      workFolder: '/Temp/self-test-uxp',
      makeFolder: async () => {},
      probeDuration: async (path) => {
        const seconds = /^media of ([\d.]+) s$/.exec(world.files.get(path) ?? '')?.[1];
        return seconds === undefined ? undefined : Number(seconds);
      },
    });
    expect(report.rows.map((row) => [row.operation, row.ok, row.ok ? '' : row.saw])).toEqual([
      ['Open project', true, ''],
      ['Scratch sequence in a scratch bin', true, ''],
      ['Export 1 s (frame-exact)', true, ''],
      ['Import into a bin with tags', true, ''],
      ['Place above, sound on a free track', true, ''],
      ['Remove everything it made', true, ''],
      ['Your sequence, in/out and selection as before', true, ''],
    ]);
    expect(report.rows[2]?.saw).toBe('25 frames, 1.000 s, sound exported');
    expect(world.sequences.map((state) => state.name)).toEqual(['Edit']);
    expect(world.root.children.length).toBe(before.root);
    expect(world.active).toBe(world.sequence);
    expect([world.sequence.inPoint, world.sequence.outPoint]).toEqual(before.marks);
    expect(world.clip.selected).toBe(true);
    expect(TPS).toBeGreaterThan(0);
  });
});
