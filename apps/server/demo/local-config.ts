import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOKEN } from '@reanimate/emulator';
import type { ServerConfig } from '../src/config.js';

/** A server and workers on this machine against the emulator: the demo's, the benchmark's and the tests'. */
export function localConfig(
  databaseUrl: string,
  emulatorUrl: string,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  return {
    databaseUrl,
    runcomfyToken: DEFAULT_TOKEN,
    runcomfyBaseUrl: emulatorUrl,
    maxConcurrentJobs: 4,
    workerConcurrency: 4,
    resultsDir: mkdtempSync(join(tmpdir(), 'reanimate-results-')),
    leaseMs: 15_000,
    port: 0,
    host: '127.0.0.1',
    bodyLimit: 64 * 1024,
    ...overrides,
  };
}
