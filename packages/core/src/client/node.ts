// Node-only client pieces: streaming an output to disk.
export { type DownloadOptions, type DownloadProgress, type DownloadResult, download } from './download.js';
