import { joinPath } from '../shared/paths';
import { findPresetFile, shippedPreset } from '../shared/presets';
import { hostError } from '../shared/result';

/** Presets we ship in public/epr (see public/epr/README.md) and the system presets we fall back to. */
export const VIDEO_PRESET = 'reanimate-h264.epr';
export const AUDIO_PRESET = 'reanimate-wav-48k.epr';

// Premiere keeps its export presets under MediaIO/systempresets inside the app (Contents/ on macOS); GUESS
// for layouts we could not inspect, which is why the search is by file name pattern, not by exact path.
const SYSTEM_PRESET_FOLDERS = ['MediaIO/systempresets', 'Contents/MediaIO/systempresets', 'Settings/Encoder'];

function systemPreset(pattern: RegExp): string | null {
  const appFolder = Folder.appPackage;
  if (!appFolder) {
    return null;
  }
  for (let i = 0; i < SYSTEM_PRESET_FOLDERS.length; i++) {
    const found = findPresetFile(
      new Folder(joinPath(String(appFolder.fsName), SYSTEM_PRESET_FOLDERS[i])),
      pattern,
      4,
    );
    if (found !== null) {
      return found;
    }
  }
  return null;
}

export function videoPreset(): string {
  const preset =
    shippedPreset(VIDEO_PRESET) || systemPreset(/match source.*(adaptive )?high bitrate|h\.?264/i);
  if (!preset) {
    throw hostError(
      'export_failed',
      `H.264 export preset not found (${VIDEO_PRESET}): reinstall the extension`,
    );
  }
  return preset;
}

export function audioPreset(): string {
  const preset = shippedPreset(AUDIO_PRESET) || systemPreset(/wav|waveform/i);
  if (!preset) {
    throw hostError(
      'export_failed',
      `WAV export preset not found (${AUDIO_PRESET}): reinstall the extension`,
    );
  }
  return preset;
}
