import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { React1Options } from '@reanimate/core';
import { samples } from '@reanimate/samples';

export interface MediaServer {
  url: string;
  /** GET requests (not HEAD) served per path: how often an input was downloaded. */
  gets: Map<string, number>;
  /**
   * Holds GET requests for `path` (HEADs still answer) until the returned function is called: a reader of the
   * file is caught mid-read, at a moment the test chooses. `waiting()` says how many are held.
   */
  hold(path: string): { release(): void; waiting(): number };
  close(): Promise<void>;
}

/**
 * The team's bucket in the demo and the tests: the sample clip and dub under several names (two editors' uploads of the same
 * file), with ETag and byte ranges, as S3 answers them.
 */
export async function startMediaServer(): Promise<MediaServer> {
  const face = readFileSync(samples.faceMp4);
  const dub = readFileSync(samples.dubWav);
  const cut = readFileSync(samples.faceCutMp4);
  const files: Record<string, Buffer> = {
    '/bucket/alice/interview.mp4': face,
    '/bucket/bob/interview-copy.mp4': face,
    '/bucket/alice/dub-fr.wav': dub,
    '/bucket/bob/dub-fr.wav': dub,
    '/bucket/alice/cutaway.mp4': cut,
  };
  const gets = new Map<string, number>();
  const held = new Map<string, (() => void)[]>();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const body = files[path];
    if (!body) {
      response.writeHead(404).end();
      return;
    }
    const queue = held.get(path);
    if (queue && request.method !== 'HEAD') {
      queue.push(() => answer(path, body, request, response));
      return;
    }
    answer(path, body, request, response);
  });
  const answer = (path: string, body: Buffer, request: IncomingMessage, response: ServerResponse) => {
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    const type = path.endsWith('.wav') ? 'audio/wav' : 'video/mp4';
    if (request.method === 'HEAD') {
      response.writeHead(200, {
        'content-length': body.length,
        etag,
        'content-type': type,
        'accept-ranges': 'bytes',
      });
      response.end();
      return;
    }
    gets.set(path, (gets.get(path) ?? 0) + 1);
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
      response.writeHead(206, {
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${body.length}`,
        etag,
        'content-type': type,
      });
      response.end(body.subarray(start, end + 1));
      return;
    }
    response.writeHead(200, {
      'content-length': body.length,
      etag,
      'content-type': type,
      'accept-ranges': 'bytes',
    });
    response.end(body);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    gets,
    hold(path) {
      const queue: (() => void)[] = [];
      held.set(path, queue);
      return {
        waiting: () => queue.length,
        release() {
          held.delete(path);
          for (const go of queue.splice(0)) go();
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A submission of the sample interview and its French dub from one editor's folder. Bob's copy of the interview is
 * another object with the same bytes: dedup is by content, not by URL.
 */
export function sampleClip(bucketUrl: string, who: 'alice' | 'bob', options: Partial<React1Options> = {}) {
  return {
    video: {
      url: `${bucketUrl}/bucket/${who === 'alice' ? 'alice/interview.mp4' : 'bob/interview-copy.mp4'}`,
    },
    audio: { url: `${bucketUrl}/bucket/${who}/dub-fr.wav` },
    options,
  };
}
