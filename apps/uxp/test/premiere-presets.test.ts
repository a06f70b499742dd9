import { describe, expect, it } from 'vitest';
import { presetFolders, systemPresetCandidates } from '../src/platform/premiere-presets.ts';
import type { UxpFs } from '../src/platform/uxp-platform.ts';

/** A read-only UXP fs over a list of files (only readdir is used). */
function listing(files: string[]): UxpFs {
  const fail = async () => {
    throw new Error('not in this test');
  };
  return {
    readdir: async (folder) => {
      const inside = files
        .filter((file) => file.startsWith(`${folder}/`))
        .map((file) => file.slice(folder.length + 1));
      if (inside.length === 0) throw new Error(`no such folder ${folder}`);
      return [...new Set(inside.map((rest) => rest.split('/')[0] as string))];
    },
    readFile: fail,
    writeFile: fail,
    lstat: fail,
    mkdir: fail,
    unlink: fail,
    rename: fail,
  };
}

describe("Premiere's system presets, found from the UXP plugin", () => {
  it("looks in this version's standard install folders on macOS and Windows", () => {
    expect(presetFolders('26.3.0', false)[0]).toBe(
      '/Applications/Adobe Premiere Pro 2026/Adobe Premiere Pro 2026.app/Contents/MediaIO/systempresets',
    );
    expect(presetFolders('25.6.1', true)).toEqual([
      'C:/Program Files/Adobe/Adobe Premiere Pro 2025/MediaIO/systempresets',
      'C:/Program Files/Adobe/Adobe Premiere Pro 2024/MediaIO/systempresets',
    ]);
  });

  it('lists the Match Source and Waveform presets Premiere ships, best first', async () => {
    const root = 'C:/Program Files/Adobe/Adobe Premiere Pro 2026/MediaIO/systempresets';
    const fs = listing([
      `${root}/4E49434B_48323634/Match Source - Adaptive High Bitrate.epr`,
      `${root}/4E49434B_48323634/Match Source - Adaptive Medium Bitrate.epr`,
      `${root}/3F3F3F3F_57415645/Waveform Audio 48kHz 16-bit.epr`,
      `${root}/3F3F3F3F_57415645/Waveform Audio 44.1kHz 16-bit.epr`,
    ]);
    const found = await systemPresetCandidates(fs, '26.0.0', true);
    expect(found.video).toEqual([`${root}/4E49434B_48323634/Match Source - Adaptive High Bitrate.epr`]);
    expect(found.audio).toEqual([
      `${root}/3F3F3F3F_57415645/Waveform Audio 48kHz 16-bit.epr`,
      `${root}/3F3F3F3F_57415645/Waveform Audio 44.1kHz 16-bit.epr`,
    ]);
  });
});
