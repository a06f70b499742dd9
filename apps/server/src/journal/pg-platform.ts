import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Journal, Platform } from '@reanimate/core';
import { nodePlatform } from '@reanimate/core/node';

/**
 * core's Node platform (transport, files, downloads) with the journal in Postgres: what the API server and every
 * worker run core's pipeline on. The file journal nodePlatform would make is never used, so it is never written.
 */
export function pgPlatform(journal: Journal): Platform {
  return { ...nodePlatform({ journalDir: join(tmpdir(), 'reanimate-unused-file-journal') }), journal };
}
