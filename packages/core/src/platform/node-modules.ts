// Types only: this file imports nothing at run time, so universal code can take Node's modules as arguments.
import type * as crypto from 'node:crypto';
import type * as fs from 'node:fs/promises';
import type * as http from 'node:http';
import type * as https from 'node:https';
import type * as os from 'node:os';
import type * as path from 'node:path';

/**
 * The Node built-ins core's file journal, downloads, file uploads and HTTP transport use, passed in rather than
 * imported. The CLI passes Node's own (`@reanimate/core/node` does it for you); the CEP panel passes what
 * `cep_node.require` gives it, so both run the same code. Narrow picks: a host with an older Node (CEP 11 has
 * Node 15) only needs these to exist.
 */
export interface NodeModules {
  fs: Pick<
    typeof fs,
    'open' | 'stat' | 'readFile' | 'writeFile' | 'link' | 'rename' | 'unlink' | 'utimes' | 'mkdir' | 'readdir'
  >;
  path: Pick<typeof path, 'join' | 'dirname' | 'basename' | 'resolve' | 'isAbsolute'>;
  os: Pick<typeof os, 'hostname' | 'tmpdir'>;
  crypto: Pick<typeof crypto, 'createHash'>;
  http: Pick<typeof http, 'request'>;
  https: Pick<typeof https, 'request'>;
  process: { readonly pid: number; kill(pid: number, signal: 0): unknown };
}

/** Node's error `code` (ENOENT, EEXIST…), when there is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
