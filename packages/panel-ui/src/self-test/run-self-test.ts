import type { HostApp, HostBridge, SelfTestSetup } from '../host-bridge.ts';

/**
 * "Check this host": every host operation tried on a scratch copy, with the bundled 2 s sample: a temporary
 * sequence (comp) in a temporary bin (folder), a 1 s export checked frame-exact, an import with tags, a placement
 * above with its sound, then everything removed and the user's sequence, in/out and selection checked. The same
 * entry points as a real run, so on a new Premiere or After Effects it is the first thing to try; the table is
 * meant to be pasted into a bug report.
 */

export interface SelfTestRow {
  operation: string;
  /** null: not run, because an earlier step failed. */
  ok: boolean | null;
  saw: string;
}

export interface SelfTestReport {
  app: HostApp;
  hostVersion: string;
  rows: SelfTestRow[];
  ok: boolean;
}

export interface SelfTestDeps {
  bridge: HostBridge;
  /** The bundled sample, as the host sees it. */
  samplePath: string;
  /** A fresh folder for the test's export (made first). */
  workFolder: string;
  makeFolder(path: string): Promise<void>;
  /** The exported file's length in seconds, read from the file itself (undefined: unreadable). */
  probeDuration(path: string): Promise<number | undefined>;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runSelfTest(deps: SelfTestDeps): Promise<SelfTestReport> {
  const { bridge } = deps;
  const rows: SelfTestRow[] = [];
  const info = await bridge.projectInfo().catch(() => undefined);
  const report = (): SelfTestReport => ({
    app: info?.app ?? bridge.app,
    hostVersion: info?.hostVersion ?? 'unknown',
    rows,
    ok: rows.every((row) => row.ok === true),
  });
  if (!info?.open) {
    rows.push({
      operation: 'Open project',
      ok: false,
      saw: 'No project is open: open one (any) and run the check again.',
    });
    return report();
  }
  rows.push({
    operation: 'Open project',
    ok: true,
    saw: `${info.name ?? 'untitled'}${info.fps ? `, ${info.fps} fps` : ''}`,
  });

  let setup: SelfTestSetup | undefined;
  const steps: { operation: string; run: (setup: SelfTestSetup) => Promise<string> }[] = [];
  let videoPath = '';
  let itemId = '';
  steps.push({
    operation: 'Export 1 s (frame-exact)',
    run: async (made) => {
      await deps.makeFolder(deps.workFolder);
      const exported = await bridge.exportSelection({
        clipId: made.clipId,
        videoPath: `${deps.workFolder.replace(/[\\/]+$/, '')}/self-test.mp4`,
        audioPath: `${deps.workFolder.replace(/[\\/]+$/, '')}/self-test.wav`,
        range: { startSec: 0, endSec: 1 },
        encoder: 'direct',
      });
      videoPath = exported.videoPath;
      const expected = Math.round(made.fps);
      if (exported.frames !== expected)
        throw new Error(`the host says ${exported.frames} frames, not ${expected}`);
      const seconds = await deps.probeDuration(exported.videoPath);
      if (seconds === undefined) throw new Error(`${exported.videoPath} cannot be read as media`);
      const frames = Math.round(seconds * made.fps);
      if (frames !== expected)
        throw new Error(`the file holds ${frames} frames (${seconds.toFixed(3)} s), not ${expected}`);
      return `${frames} frames, ${seconds.toFixed(3)} s, sound ${exported.audioPath ? 'exported' : 'missing'}`;
    },
  });
  steps.push({
    operation: 'Import into a bin with tags',
    run: async (made) => {
      const imported = await bridge.importResult({
        path: videoPath,
        binName: made.binName,
        tags: { selfTest: 'yes', source: 'Reanimate self-test' },
      });
      itemId = imported.itemId;
      return `"${imported.name}" in ${imported.binName}`;
    },
  });
  steps.push({
    operation: 'Place above, sound on a free track',
    run: async (made) => {
      const placed = await bridge.placeResult({
        itemId,
        clipId: made.clipId,
        mode: 'above',
        audio: 'free-track',
      });
      const sound =
        typeof placed.audioTrackIndex === 'number'
          ? `, sound on A${placed.audioTrackIndex + 1}`
          : ', no sound placed';
      return `on ${bridge.app === 'aeft' ? 'layer' : 'V'}${placed.trackIndex + (bridge.app === 'aeft' ? 0 : 1)} at ${placed.start.seconds.toFixed(2)}–${placed.end.seconds.toFixed(2)} s${sound}`;
    },
  });

  try {
    setup = await bridge.selfTestSetup({ samplePath: deps.samplePath });
    rows.push({
      operation:
        bridge.app === 'aeft' ? 'Scratch comp in a scratch folder' : 'Scratch sequence in a scratch bin',
      ok: true,
      saw: `"${setup.containerName}", ${setup.fps} fps`,
    });
  } catch (error) {
    rows.push({ operation: 'Scratch copy', ok: false, saw: describe(error) });
    return report();
  }
  let failed = false;
  for (const step of steps) {
    if (failed) {
      rows.push({ operation: step.operation, ok: null, saw: 'not run' });
      continue;
    }
    try {
      rows.push({ operation: step.operation, ok: true, saw: await step.run(setup) });
    } catch (error) {
      failed = true;
      rows.push({ operation: step.operation, ok: false, saw: describe(error) });
    }
  }
  try {
    const cleanup = await bridge.selfTestCleanup();
    rows.push({
      operation: 'Remove everything it made',
      ok:
        cleanup.removed.length >= 2 &&
        !cleanup.problems.some((problem) => /could not be (deleted|removed)/.test(problem)),
      saw: cleanup.removed.join('; ') || 'nothing removed',
    });
    rows.push({
      operation: 'Your sequence, in/out and selection as before',
      ok: cleanup.activeRestored && cleanup.marksRestored && cleanup.selectionRestored,
      saw:
        cleanup.problems.filter((problem) => !/could not be (deleted|removed)/.test(problem)).join(' ') ||
        'active again, marks and selection unchanged',
    });
  } catch (error) {
    rows.push({ operation: 'Remove everything it made', ok: false, saw: describe(error) });
  }
  return report();
}

/** The report as plain text, to paste into a bug report. */
export function formatReport(report: SelfTestReport): string {
  const mark = (ok: boolean | null) => (ok === true ? 'ok' : ok === false ? 'FAILED' : 'not run');
  return [
    `Reanimate host check: ${report.app} ${report.hostVersion}: ${report.ok ? 'all ok' : 'something failed'}`,
    ...report.rows.map((row) => `${mark(row.ok)}\t${row.operation}\t${row.saw}`),
  ].join('\n');
}
