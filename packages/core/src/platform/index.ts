export { type BrowserPlatformOptions, createBrowserPlatform } from './browser-platform.js';
export { createNodeFetch, type NodeFetch, type NodeFetchOptions } from './node-fetch.js';
export type { NodeModules } from './node-modules.js';
export { createNodePlatform, type NodePlatformOptions } from './node-platform.js';
export type { Platform, PlatformFiles, SavedOutput, SaveOptions } from './types.js';
