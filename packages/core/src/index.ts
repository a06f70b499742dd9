// Universal entry: runs in Node ≥ 18, browsers and the CEP panel. Node-only pieces live in `./node`.
export * from './abort.js';
export * from './client/index.js';
export * from './errors.js';
export * from './faces/index.js';
export * from './hosting/index.js';
export * from './journal/index.js';
export * from './limits.js';
export * from './media/index.js';
export * from './net.js';
export * from './pipeline/index.js';
export * from './platform/index.js';
export * from './preflight/index.js';
export * from './redact.js';
export * from './schema/index.js';
export { defaultSleep, type Sleep } from './sleep.js';
export * from './split/index.js';
export * from './team/index.js';
