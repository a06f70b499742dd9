import type { UxpFs } from './uxp-platform.ts';

/**
 * Premiere's own export presets, for EncoderManager.exportSequence: a real .epr is a large parameter tree only
 * Premiere or Media Encoder writes, so none ships. UXP tells a plugin no install path, so the standard install
 * folders of this version are tried (Adobe's default locations on macOS and Windows), as the CEP host does from
 * `app.path`; the bridge then keeps a preset only when `EncoderManager.getExportFileExtension` says mp4 / wav.
 */
const VIDEO_NAMES = [/match source.*adaptive high bitrate/i, /match source.*h\.?264|h\.?264.*match source/i];
const AUDIO_NAMES = [/waveform audio 48 ?khz 16.?bit/i, /waveform/i];

export function presetFolders(hostVersion: string, windows: boolean): string[] {
  const major = Number.parseInt(hostVersion, 10);
  const years = Number.isFinite(major) ? [2000 + major, 2000 + major - 1] : [];
  return years.flatMap((year) =>
    windows
      ? [`C:/Program Files/Adobe/Adobe Premiere Pro ${year}/MediaIO/systempresets`]
      : [
          `/Applications/Adobe Premiere Pro ${year}/Adobe Premiere Pro ${year}.app/Contents/MediaIO/systempresets`,
          `/Applications/Adobe Premiere Pro ${year}/MediaIO/systempresets`,
        ],
  );
}

async function find(fs: UxpFs, folder: string, names: RegExp, depth: number): Promise<string[]> {
  if (depth < 0) return [];
  const entries = await fs.readdir(folder).catch(() => [] as string[]);
  const found: string[] = [];
  for (const entry of entries.sort()) {
    const path = `${folder}/${entry}`;
    if (/\.epr$/i.test(entry)) {
      if (names.test(entry)) found.push(path);
    } else if (!entry.includes('.')) {
      found.push(...(await find(fs, path, names, depth - 1)));
    }
  }
  return found;
}

/** Candidates, best first: the preset names Premiere ships, in the folders of this version. */
export async function systemPresetCandidates(
  fs: UxpFs,
  hostVersion: string,
  windows: boolean,
): Promise<{ video: string[]; audio: string[] }> {
  const video: string[] = [];
  const audio: string[] = [];
  for (const folder of presetFolders(hostVersion, windows)) {
    for (const name of VIDEO_NAMES) video.push(...(await find(fs, folder, name, 3)));
    for (const name of AUDIO_NAMES) audio.push(...(await find(fs, folder, name, 3)));
  }
  return { video: [...new Set(video)], audio: [...new Set(audio)] };
}
