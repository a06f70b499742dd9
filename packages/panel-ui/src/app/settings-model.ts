import { createClient, createS3Host, type ReanimateClient, type S3Host } from '@reanimate/core';
import type { React1Choice } from '../pipeline/options.ts';
import type { Platform } from '../platform/types.ts';

export interface S3Form {
  endpoint: string;
  bucket: string;
  region: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PanelSettings {
  s3: S3Form;
  /** Empty: beside the project, in a "Reanimate" folder. */
  outputFolder: string;
  binName: string;
  /** Premiere only: queue exports in Adobe Media Encoder (`encoder: 'media-encoder'`) so Premiere keeps working. */
  exportWithMediaEncoder: boolean;
  /** RunComfy API base URL; empty for the real service. Set by the dev harness to the emulator. */
  apiBaseUrl: string;
  /** Check the selected clip's faces locally before generating (on by default: a face-less span fails a paid job). */
  faceCheck: boolean;
  /**
   * A team server (apps/server) to run jobs on instead of this machine's RunComfy token; empty: jobs run from here.
   * Its key is kept with the secrets. Exports are uploaded through it (the storage keys are the server's).
   */
  teamServerUrl: string;
}

export const EMPTY_SETTINGS: PanelSettings = {
  s3: { endpoint: '', bucket: '', region: '', prefix: 'reanimate/', accessKeyId: '', secretAccessKey: '' },
  outputFolder: '',
  binName: 'Reanimate',
  // The preference: Premiere stays usable while exporting; the host falls back to direct export without AME.
  exportWithMediaEncoder: true,
  apiBaseUrl: '',
  faceCheck: true,
  teamServerUrl: '',
};

const SETTINGS_KEY = 'settings';
const CHOICE_KEY = 'last-choice';
const TOKEN_KEY = 'runcomfy-token';
const TEAM_KEY = 'team-server-key';

export const loadSettings = async (platform: Platform) =>
  ({
    ...EMPTY_SETTINGS,
    ...((await platform.store.get<PanelSettings>(SETTINGS_KEY)) ?? {}),
  }) as PanelSettings;
export const saveSettings = (platform: Platform, settings: PanelSettings) =>
  platform.store.set(SETTINGS_KEY, settings);
export const loadChoice = (platform: Platform) => platform.store.get<React1Choice>(CHOICE_KEY);
export const saveChoice = (platform: Platform, choice: React1Choice) =>
  platform.store.set(CHOICE_KEY, choice);
export const loadToken = async (platform: Platform) => (await platform.secrets.get<string>(TOKEN_KEY)) ?? '';
export const saveToken = (platform: Platform, token: string) => platform.secrets.set(TOKEN_KEY, token);
export const loadTeamKey = async (platform: Platform) => (await platform.secrets.get<string>(TEAM_KEY)) ?? '';
export const saveTeamKey = (platform: Platform, key: string) => platform.secrets.set(TEAM_KEY, key);

export function makeInputHost(platform: Platform, s3: S3Form): S3Host {
  return createS3Host(
    {
      endpoint: s3.endpoint,
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      ...(s3.region ? { region: s3.region } : {}),
      ...(s3.prefix ? { prefix: s3.prefix } : {}),
    },
    { fetch: (url, init) => platform.core.fetch(url, init) },
  );
}

export function makeClient(platform: Platform, settings: PanelSettings, token: string): ReanimateClient {
  return createClient({
    token,
    fetch: platform.core.fetch,
    ...(settings.apiBaseUrl ? { baseUrl: settings.apiBaseUrl } : {}),
  });
}

/** Where results go: the chosen folder, or a "Reanimate" folder beside the saved project. */
export function outputFolderFor(
  settings: PanelSettings,
  projectPath: string | null,
  platform: Platform,
): string {
  if (settings.outputFolder) return settings.outputFolder;
  if (projectPath)
    return `${projectPath.slice(0, Math.max(projectPath.lastIndexOf('/'), projectPath.lastIndexOf('\\')))}/Reanimate`;
  return `${platform.tempDir()}/results`;
}
