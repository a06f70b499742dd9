/**
 * "Check this host" end to end against the documented fakes of both hosts: the panel's own self-test runner and
 * CEP bridge (hostCall text, parseHostResult) over a CSInterface whose evalScript runs in the vm with the host
 * bundle, as CEP would.
 */
import { runInContext } from 'node:vm';
import { formatReport, runSelfTest } from '@reanimate/panel-ui/self-test/run-self-test.ts';
import { describe, expect, it } from 'vitest';
import { createCepBridge } from '../../src/panel/bridge/cep-bridge.ts';
import { CSInterface } from '../../src/panel/bridge/csinterface.ts';
import { aeWorld, loadAe } from './kit/aeft-fakes.ts';
import { type FakeFs, mediaOf, secondsOfMedia } from './kit/common-fakes.ts';
import type { LoadedHost } from './kit/es3-context.ts';
import { loadPpro, pproWorld, TPS } from './kit/ppro-fakes.ts';

const SAMPLE = '/Ext/com.reanimate.panel/self-test/sample.mp4';

function bridgeOver(host: LoadedHost, app: 'ppro' | 'aeft') {
  const csi = new CSInterface({
    evalScript: (script, callback) =>
      setTimeout(() => callback(String(runInContext(script, host.context))), 0),
    addEventListener: () => {},
    removeEventListener: () => {},
    getHostEnvironment: () => '{}',
    getSystemPath: () => '/Ext/com.reanimate.panel',
  });
  return createCepBridge(csi, app);
}

/** The fakes write their length into the files they render: what a probe of a real file would find. */
function probeIn(fs: FakeFs) {
  return async (path: string) => secondsOfMedia(fs.read(path));
}

describe('the host self-test in Premiere Pro (documented fakes)', () => {
  it('tries every operation on a scratch copy and leaves the user\u2019s sequence as it was', async () => {
    const world = pproWorld();
    world.fs.add(SAMPLE, mediaOf(2));
    const host = loadPpro(world);
    const before = {
      marks: [world.sequence.inTicks, world.sequence.outTicks],
      selected: world.sequence.selectedIds(),
      sequences: world.project.sequenceList.length,
      bins: world.project.rootItem.childItems.map((item) => item.name),
    };
    const report = await runSelfTest({
      bridge: bridgeOver(host, 'ppro'),
      samplePath: SAMPLE,
      workFolder: '/Temp/reanimate/self-test-1',
      makeFolder: async () => {},
      probeDuration: probeIn(world.fs),
    });
    expect(report.rows.map((row) => [row.operation, row.ok])).toEqual([
      ['Open project', true],
      ['Scratch sequence in a scratch bin', true],
      ['Export 1 s (frame-exact)', true],
      ['Import into a bin with tags', true],
      ['Place above, sound on a free track', true],
      ['Remove everything it made', true],
      ['Your sequence, in/out and selection as before', true],
    ]);
    expect(report).toMatchObject({ ok: true, app: 'ppro', hostVersion: '24.6.1' });
    expect(report.rows[2]?.saw).toBe('25 frames, 1.000 s, sound exported');
    expect(report.rows[4]?.saw).toMatch(/^on V2 at 0\.00–1\.00 s, sound on A2$/);
    // Nothing it made is left, and the user's sequence is active with its marks and selection.
    expect(world.project.sequenceList.length).toBe(before.sequences);
    expect(world.project.rootItem.childItems.map((item) => item.name)).toEqual(before.bins);
    expect(world.project.activeSequence).toBe(world.sequence);
    expect([world.sequence.inTicks, world.sequence.outTicks]).toEqual(before.marks);
    expect(world.sequence.selectedIds()).toEqual(before.selected);
    expect(world.log.count('Project.createNewSequenceFromClips')).toBe(1);
    expect(formatReport(report).split('\n')[0]).toBe('Reanimate host check: ppro 24.6.1: all ok');
  });

  it('reports the step that fails, skips the rest, and still cleans up', async () => {
    const world = pproWorld();
    world.fs.add(SAMPLE, mediaOf(2));
    world.exportBehaviour = 'return-false';
    const host = loadPpro(world);
    const report = await runSelfTest({
      bridge: bridgeOver(host, 'ppro'),
      samplePath: SAMPLE,
      workFolder: '/Temp/reanimate/self-test-2',
      makeFolder: async () => {},
      probeDuration: probeIn(world.fs),
    });
    expect(report.ok).toBe(false);
    expect(report.rows.map((row) => row.ok)).toEqual([true, true, false, null, null, true, true]);
    expect(report.rows[2]?.saw).toMatch(/Premiere could not export the video/);
    expect(world.project.activeSequence).toBe(world.sequence);
    expect(world.project.sequenceList).toEqual([world.sequence]);
  });

  it('catches an export that is a frame off: the file, not the host\u2019s word, decides', async () => {
    const world = pproWorld();
    world.fs.add(SAMPLE, mediaOf(2));
    const host = loadPpro(world);
    const report = await runSelfTest({
      bridge: bridgeOver(host, 'ppro'),
      samplePath: SAMPLE,
      workFolder: '/Temp/reanimate/self-test-3',
      makeFolder: async () => {},
      probeDuration: async (path) => ((await probeIn(world.fs)(path)) ?? 0) + 1 / 25,
    });
    expect(report.rows[2]).toMatchObject({ ok: false, saw: 'the file holds 26 frames (1.040 s), not 25' });
    expect(TPS).toBeGreaterThan(0);
  });
});

describe('the host self-test in After Effects (documented fakes)', () => {
  it('tries every operation on a scratch comp and leaves the user\u2019s comp as it was', async () => {
    const world = aeWorld();
    world.fs.add(SAMPLE, mediaOf(2));
    const host = loadAe(world);
    const rootBefore = world.root.children.map((item) => item.name);
    const report = await runSelfTest({
      bridge: bridgeOver(host, 'aeft'),
      samplePath: SAMPLE,
      workFolder: '/Temp/reanimate/self-test-ae',
      makeFolder: async () => {},
      probeDuration: probeIn(world.fs),
    });
    expect(report.rows.map((row) => [row.operation, row.ok])).toEqual([
      ['Open project', true],
      ['Scratch comp in a scratch folder', true],
      ['Export 1 s (frame-exact)', true],
      ['Import into a bin with tags', true],
      ['Place above, sound on a free track', true],
      ['Remove everything it made', true],
      ['Your sequence, in/out and selection as before', true],
    ]);
    expect(report.rows[2]?.saw).toBe('25 frames, 1.000 s, sound exported');
    expect(world.root.children.map((item) => item.name)).toEqual(rootBefore);
    expect(world.project.activeItem).toBe(world.comp);
    expect(Array.from(world.comp.selectedLayers, (layer) => layer.name)).toEqual(['Interview.mp4']);
    expect(world.log.named('CompItem.openInViewer').map((call) => call.args[0])).toEqual([
      expect.stringMatching(/^Reanimate self-test/),
      'Interview',
    ]);
  });
});
