import { createPipeline, type Pipeline } from '@reanimate/core';
import type { ExportRequest, HostBridge } from '@reanimate/panel-ui/host-bridge';
import { DEFAULT_CHOICE } from '@reanimate/panel-ui/pipeline/options.ts';
import { placeRequestFor } from '@reanimate/panel-ui/pipeline/place.ts';
import {
  type PanelJobDeps,
  runGeneration,
  segmentRanges,
} from '@reanimate/panel-ui/pipeline/run-generation.ts';
import { describe, expect, it } from 'vitest';
import { SimulatedHost } from '../../src/panel/bridge/simulated-host.ts';
import { fakePlatform } from './fake-platform.ts';

const host = () => new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip2'] });
const longTake = (h: SimulatedHost) => h.clips.find((c) => c.selection.clipId === 'clip2')!.selection;

/** Deps whose bridge records each export request, then stops the run (nothing past the export is needed). */
function recordingDeps(requests: ExportRequest[]): PanelJobDeps {
  const exportSelection: HostBridge['exportSelection'] = async (request) => {
    requests.push(request);
    throw new Error('stop');
  };
  const platform = fakePlatform();
  const pipeline: Pipeline = createPipeline({
    platform: platform.core,
    client: () => {
      throw new Error('no client in this test');
    },
  });
  return { bridge: { exportSelection } as HostBridge, platform, pipeline };
}

describe('runGeneration export requests', () => {
  it('passes the segment range and the Media Encoder choice to the host', async () => {
    const h = host();
    const requests: ExportRequest[] = [];
    const clip = longTake(h);
    await expect(
      runGeneration(recordingDeps(requests), {
        clip,
        audio: { kind: 'timeline' },
        options: DEFAULT_CHOICE,
        outputFolder: '/out',
        projectPath: '/p.prproj',
        split: true,
        encoder: 'media-encoder',
      }),
    ).rejects.toThrow('stop');
    // The simulated long take is 16.064 s at 24 fps (386 frames): two segments of 193 frames.
    expect(clip.durationSec).toBe(16.064);
    expect(clip.fps).toBe(24);
    expect(requests[0]).toMatchObject({
      clipId: 'clip2',
      range: { startSec: 0, endSec: 193 / 24 },
      encoder: 'media-encoder',
      // In a folder of its own per export.
      audioPath: expect.stringMatching(
        /^\/tmp\/reanimate\/export-[a-z0-9]+-[a-z0-9]+\/Long-take-part1\.wav$/,
      ),
    });
  });

  it('exports no audio when a project item is the dub, and sets no encoder by default', async () => {
    const h = host();
    const requests: ExportRequest[] = [];
    const [item] = await h.listAudioItems();
    await expect(
      runGeneration(recordingDeps(requests), {
        clip: h.clips[0]!.selection,
        audio: { kind: 'project-item', path: item!.mediaPath, name: item!.name, itemId: item!.itemId },
        options: DEFAULT_CHOICE,
        outputFolder: '/out',
        projectPath: null,
        split: false,
      }),
    ).rejects.toThrow('stop');
    expect(requests[0]?.audioPath).toBeNull();
    expect(requests[0]).not.toHaveProperty('encoder');
    expect(requests[0]).not.toHaveProperty('range');
  });
});

describe('placing the segments of a split clip', () => {
  it('puts each segment at its own start within the original', async () => {
    const h = host();
    const clip = longTake(h);
    const ranges = segmentRanges(clip.durationSec, clip.fps);
    for (const range of ranges) {
      const { itemId } = await h.importResult({
        path: `/out/part-${range.startSec}.mp4`,
        binName: 'R',
        tags: {},
      });
      await h.placeResult(placeRequestFor({ clipId: 'clip2', range }, itemId, 'above'));
    }
    expect(h.placements.map((p) => p.offsetSec)).toEqual([0, 193 / 24]);
    const start = clip.start.seconds;
    expect(h.placements.map((p) => p.start.seconds)).toEqual([
      start,
      Math.round((start + 193 / 24) * 1000) / 1000,
    ]);
    // "Place in place" for a segment: above at its offset, the original disabled (hosts refuse replace + offset).
    const [, second] = ranges;
    expect(placeRequestFor({ clipId: 'clip2', range: second! }, 'i', 'replace')).toEqual({
      itemId: 'i',
      clipId: 'clip2',
      mode: 'above',
      offsetSec: 193 / 24,
      audio: 'free-track',
      disableOriginal: true,
    });
    await expect(
      h.placeResult({ itemId: 'sim-item-1', clipId: 'clip2', mode: 'replace', offsetSec: 1 }),
    ).rejects.toMatchObject({ code: 'bad_request' });
    // A whole clip goes at the clip's start.
    expect(placeRequestFor({ clipId: 'clip1', range: null }, 'i', 'replace')).toEqual({
      itemId: 'i',
      clipId: 'clip1',
      mode: 'replace',
      audio: 'free-track',
    });
    // Video only leaves the timeline's sound alone.
    expect(placeRequestFor({ clipId: 'clip1', range: null }, 'i', 'above', { videoOnly: true }).audio).toBe(
      'none',
    );
  });
});

describe("the simulated host applies the host code's range and offset rules", () => {
  const h = () => new SimulatedHost({ mediaBaseUrl: '/media/', selected: ['clip1'] });

  it('refuses a range outside the clip and snaps one to frames, as the ExtendScript hosts do', async () => {
    const host = h();
    await expect(
      host.exportSelection({
        clipId: 'clip1',
        videoPath: '/v.mp4',
        audioPath: null,
        range: { startSec: 1, endSec: 9 },
      }),
    ).rejects.toMatchObject({ code: 'bad_request', message: expect.stringMatching(/not inside the clip/) });
    // 1.01–2.02 s at 24 fps: frames 24–48.
    const exported = await host.exportSelection({
      clipId: 'clip1',
      videoPath: '/v.mp4',
      audioPath: null,
      range: { startSec: 1.01, endSec: 2.02 },
    });
    expect([exported.frames, exported.durationSec]).toEqual([24, 1]);
  });

  it('places at a frame-snapped offset and refuses one past the clip', async () => {
    const host = h();
    const { itemId } = await host.importResult({ path: '/r.mp4', binName: 'Reanimate', tags: {} });
    const placed = await host.placeResult({ itemId, clipId: 'clip1', mode: 'above', offsetSec: 1.013 });
    expect(placed.start.seconds).toBe(1);
    await expect(
      host.placeResult({ itemId, clipId: 'clip1', mode: 'above', offsetSec: 5 }),
    ).rejects.toMatchObject({
      code: 'bad_request',
    });
  });
});
