// @vitest-environment node
import { createHash } from 'node:crypto';
import fs, { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createS3Host } from '@reanimate/core';
import { type LocalS3, startLocalS3 } from '@reanimate/emulator';
import { samples } from '@reanimate/samples';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  localFileUploadSource,
  type NodeCrypto,
  type NodeFsForFiles,
  probeLocalFile,
} from '../../src/panel/platform/cep-files.ts';
import { createNodeFetch, type NodeHttpModule } from '../../src/panel/platform/node-fetch.ts';

// What `require('fs')` / `require('crypto')` give the panel in CEP's mixed context.
const nodeFs = fs as unknown as NodeFsForFiles;
const nodeCrypto = { createHash } as unknown as NodeCrypto;
const nodeFetch = createNodeFetch({
  http: http as unknown as NodeHttpModule,
  https: https as unknown as NodeHttpModule,
});

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3({ bucket: 'panel-test' });
});
afterAll(() => s3.close());

describe('CEP file access', () => {
  it('probes a file on disk with range reads', async () => {
    const probe = await probeLocalFile(nodeFs, samples.faceMp4);
    expect(probe.hasVideo).toBe(true);
    expect(probe.durationSec).toBeCloseTo(4.02, 1);
  });

  it('hashes the file in chunks to the same SHA-256 as reading it whole', async () => {
    const source = await localFileUploadSource(nodeFs, nodeCrypto, samples.dubWav);
    const whole = createHash('sha256').update(readFileSync(samples.dubWav)).digest('hex');
    expect(await source.sha256()).toBe(whole);
    expect(source.name).toBe('dub.wav');
    expect(source.sizeBytes).toBe(readFileSync(samples.dubWav).byteLength);
  });

  it('streams an upload from disk through the Node fetch into S3, byte for byte', async () => {
    const host = createS3Host(s3.settings, { fetch: nodeFetch });
    const source = await localFileUploadSource(nodeFs, nodeCrypto, samples.dubWav);
    expect((await source.openBody()).kind).toBe('stream');
    const hosted = await host.put(source, { role: 'audio' });
    expect(hosted.outcome).toBe('uploaded');
    const stored = new Uint8Array(await (await fetch(hosted.url)).arrayBuffer());
    expect(stored).toEqual(new Uint8Array(readFileSync(samples.dubWav)));
    expect((await host.put(source, { role: 'audio' })).outcome).toBe('reused');
  });
});
