/**
 * react-1's documented limits. MB here is the decimal megabyte: the smaller reading of "100 MB", so a file we
 * accept is never one the service refuses.
 */
export const MAX_INPUT_SECONDS = 15;
export const MAX_VIDEO_BYTES = 100 * 1000 * 1000;

/** The production service. */
export const DEFAULT_BASE_URL = 'https://model-api.runcomfy.net';
export const MODEL_ID = 'sync/react-1';

/** How long the service keeps output files (RunComfy's queue APIs: up to 7 days). */
export const OUTPUT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
