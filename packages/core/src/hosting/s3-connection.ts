import { isLoopbackHost } from '../net.js';
import { redactUrl } from '../redact.js';
import { HostingError } from './errors.js';
import { drain, type S3Context } from './s3-context.js';
import { deleteKey, failure, smallRequest } from './s3-requests.js';

export interface ConnectionCheck {
  ok: true;
  /** Redacted endpoint origin. */
  endpoint: string;
  bucket: string;
  prefix: string;
  elapsedMs: number;
  /** Things that work here but will not with the real service, e.g. an endpoint only this computer can reach. */
  warnings: string[];
}

/** PUT, HEAD, GET and DELETE of a tiny probe object under the prefix: the panel's "Test" button. */
export async function testConnection(
  ctx: S3Context,
  options: { signal?: AbortSignal } = {},
): Promise<ConnectionCheck> {
  const started = ctx.now();
  const { signal } = options;
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const key = `${ctx.settings.prefix}reanimate-connection-test-${id}.txt`;
  const content = `Reanimate connection test ${id}. Safe to delete.`;

  const put = await smallRequest(ctx, 'Checking storage (upload)', 'PUT', key, signal, content);
  if (!put.ok) throw await failure(ctx, 'Checking storage (upload)', put);
  await drain(put);
  let stepError: unknown;
  try {
    const head = await smallRequest(ctx, 'Checking storage (look-up)', 'HEAD', key, signal);
    await drain(head);
    if (!head.ok) throw await failure(ctx, 'Checking storage (look-up)', head);
    const get = await smallRequest(ctx, 'Checking storage (download)', 'GET', key, signal);
    if (!get.ok) throw await failure(ctx, 'Checking storage (download)', get);
    const text = await get.text();
    if (text !== content) {
      throw new HostingError(
        'rejected',
        `Checking storage (download) failed: the test object came back different from what was uploaded (${redactUrl(ctx.settings.endpoint)}, bucket ${ctx.settings.bucket}).`,
        {
          setting: 'endpoint',
          hint: 'Check that endpoint points at an S3-compatible API, not a website or CDN.',
        },
      );
    }
  } catch (error) {
    stepError = error;
  }
  // Leave nothing behind, even when a later step failed; a failed delete matters only on its own (the key
  // may lack s3:DeleteObject, and then uploads would pile up).
  try {
    await deleteKey(ctx, key, 'Checking storage (delete)', signal);
  } catch (error) {
    stepError ??= error;
  }
  if (stepError !== undefined) throw stepError;
  const warnings: string[] = [];
  if (isLoopbackHost(ctx.endpoint.hostname)) {
    warnings.push(
      `The endpoint ${redactUrl(ctx.settings.endpoint)} is on this computer: fine for the emulator, but react-1 cannot download from it.`,
    );
  }
  return {
    ok: true,
    endpoint: redactUrl(ctx.settings.endpoint),
    bucket: ctx.settings.bucket,
    prefix: ctx.settings.prefix,
    elapsedMs: ctx.now() - started,
    warnings,
  };
}
