// Node-only entry: file system and streams (file journal, probing files on disk, downloads, streamed uploads).
export * from './client/node.js';
export * from './hosting/node.js';
export * from './journal/node.js';
export * from './media/node.js';
export * from './preflight/node.js';
