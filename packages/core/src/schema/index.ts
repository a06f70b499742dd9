export * from './input.js';
export * from './responses.js';
