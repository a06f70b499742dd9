import { DEFAULT_BASE_URL } from '@reanimate/core';

export const PLUGIN_ID = 'com.reanimate.uxp';

export interface ManifestOptions {
  version: string;
  /** RunComfy's API (default: the real service). */
  apiBaseUrl?: string;
  /** The S3-compatible storage the inputs are uploaded to: each endpoint's origin, or a wildcard origin. */
  storageEndpoints?: string[];
  /** A studio's team server (Settings → Team server): UXP must be told its domain too. */
  teamServer?: string | undefined;
}

/**
 * Default storage origins: the hosts of the S3-compatible services studios use most. A bucket elsewhere is added
 * at build time (REANIMATE_UXP_STORAGE, see README): UXP refuses every network domain the manifest does not list.
 */
export const DEFAULT_STORAGE = [
  'https://*.amazonaws.com',
  'https://*.r2.cloudflarestorage.com',
  'https://*.backblazeb2.com',
  'https://*.digitaloceanspaces.com',
  'https://storage.googleapis.com',
];

const origin = (url: string) => {
  if (/^https:\/\/\*\./.test(url)) return url.replace(/\/+$/, '');
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.hostname !== 'localhost' && parsed.hostname !== '127.0.0.1') {
    throw new Error(
      `${url}: UXP network domains for a plugin must be https:// (or localhost for development)`,
    );
  }
  return parsed.origin;
};

/** manifest.json, manifest v5 (AdobeDocs/uxp: plugin manifest), for Premiere Pro 25.6 and later. */
export function manifest(options: ManifestOptions) {
  const domains = [
    origin(options.apiBaseUrl ?? DEFAULT_BASE_URL),
    ...(options.storageEndpoints ?? DEFAULT_STORAGE).map(origin),
    ...(options.teamServer ? [origin(options.teamServer)] : []),
  ];
  return {
    manifestVersion: 5,
    id: PLUGIN_ID,
    name: 'Reanimate',
    version: options.version,
    main: 'index.html',
    host: { app: 'premierepro', minVersion: '25.6.0' },
    entrypoints: [
      {
        type: 'panel',
        id: 'reanimate.panel',
        label: { default: 'Reanimate' },
        minimumSize: { width: 280, height: 300 },
        maximumSize: { width: 800, height: 2000 },
        preferredDockedSize: { width: 360, height: 600 },
        preferredFloatingSize: { width: 360, height: 600 },
      },
    ],
    requiredPermissions: {
      // The service, and the bucket the inputs are uploaded to (presigned URLs react-1 fetches).
      network: { domains: [...new Set(domains)] },
      // The clip's exports are written to the temporary folder, results saved beside the project, the user's
      // dub files read where they are: paths anywhere on disk, hence full access.
      localFileSystem: 'fullAccess',
    },
  };
}
