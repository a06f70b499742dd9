/**
 * What the browser harness (dev server, e2e) tells the page about its local services. Only the simulated host
 * reads it; in CEP the user's own settings apply.
 */
export interface DevConfig {
  /** RunComfy-compatible API (the emulator behind a CORS proxy). */
  apiBaseUrl: string;
  token: string;
  /** S3-compatible store (s3rver behind a CORS proxy). */
  s3: {
    endpoint: string;
    bucket: string;
    accessKeyId: string;
    secretAccessKey: string;
    region: string;
  };
  /** Where the sample media of the simulated timeline is served, ending in `/`. */
  mediaBaseUrl: string;
}

export const DEV_CONFIG_PATH = '/__reanimate/dev-config.json';
export const MEDIA_PATH = '/__reanimate/media/';
