import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type InputHost, MAX_VIDEO_BYTES } from '@reanimate/core';
import { fileUploadSource } from '@reanimate/core/node';
import type { FastifyInstance } from 'fastify';

/**
 * `POST /v1/uploads?name=clip.mp4`: an editor's file, streamed into the team's bucket through the server, so
 * editors need no storage keys. The body goes to a temporary file (never whole in memory), then core's S3 host
 * hashes and uploads it content-addressed: the same file from two editors is one object, and one dedup key.
 */
export function uploadRoutes(app: FastifyInstance, host: (() => InputHost) | undefined): void {
  // Uploads are raw bytes; other routes keep the small JSON limit.
  app.addContentTypeParser(
    /^(application\/octet-stream|video\/[\w.+-]+|audio\/[\w.+-]+)$/,
    { bodyLimit: MAX_VIDEO_BYTES },
    (_request, payload, done) => done(null, payload),
  );
  app.post<{ Querystring: { name: string } }>(
    '/v1/uploads',
    {
      bodyLimit: MAX_VIDEO_BYTES,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: {
              type: 'string',
              minLength: 1,
              maxLength: 200,
              pattern: '^[^/\\\\]+\\.[A-Za-z0-9]{1,10}$',
            },
          },
        },
      },
    },
    async (request, reply) => {
      if (!host) {
        return reply.status(501).send({
          error: {
            code: 'uploads_off',
            message: 'This server takes inputs as URLs only: it has no bucket configured.',
            hint: 'Give the inputs as URLs in the team bucket, or ask the admin to set REANIMATE_S3_* on the server.',
          },
        });
      }
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        return reply.status(415).send({
          error: {
            code: 'unsupported_media_type',
            message: 'Send the file as the raw body (application/octet-stream).',
          },
        });
      }
      const folder = await mkdtemp(join(tmpdir(), 'reanimate-upload-'));
      const file = join(folder, request.query.name);
      try {
        let size = 0;
        const count = new Transform({
          transform(chunk: Buffer, _encoding, next) {
            size += chunk.length;
            if (size > MAX_VIDEO_BYTES) next(Object.assign(new Error('too large'), { statusCode: 413 }));
            else next(null, chunk);
          },
        });
        await pipeline(body, count, createWriteStream(file));
        if (size === 0) {
          return reply.status(400).send({ error: { code: 'bad_request', message: 'The upload is empty.' } });
        }
        const hosted = await host().put(await fileUploadSource(file), { role: 'input' });
        return reply
          .status(201)
          .send({ url: hosted.url, sha256: hosted.sha256, sizeBytes: hosted.sizeBytes ?? size });
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
  );
}
