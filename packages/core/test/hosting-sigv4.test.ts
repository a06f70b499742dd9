import { AwsV4Signer } from 'aws4fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createS3Host, HostingError, presignUrl } from '../src/hosting/index.js';
import { ensureWebCrypto } from '../src/node.js';

/**
 * AWS's published example, "Authenticating Requests: Using Query Parameters (AWS Signature Version 4)",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html: a presigned GET of
 * examplebucket/test.txt, valid 24 h from 2013-05-24T00:00:00Z, with AWS's example credentials.
 */
const AWS_EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  url: 'https://examplebucket.s3.amazonaws.com/test.txt',
  now: new Date('2013-05-24T00:00:00Z'),
  expiresInSec: 86400,
  canonicalRequest: [
    'GET',
    '/test.txt',
    'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host',
    'host:examplebucket.s3.amazonaws.com',
    '',
    'host',
    'UNSIGNED-PAYLOAD',
  ].join('\n'),
  stringToSign: [
    'AWS4-HMAC-SHA256',
    '20130524T000000Z',
    '20130524/us-east-1/s3/aws4_request',
    '3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04',
  ].join('\n'),
  signature: 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  presignedUrl:
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
} as const;

function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams);
}

describe('SigV4 presigning reproduces AWS’s published example', () => {
  it('presignUrl (our signer wrapper) gives the published signature and URL', async () => {
    const url = await presignUrl(AWS_EXAMPLE, { method: 'GET', ...AWS_EXAMPLE });
    expect(queryOf(url)['X-Amz-Signature']).toBe(AWS_EXAMPLE.signature);
    // Same parameters as the published URL; order of query parameters does not matter to S3.
    expect(queryOf(url)).toEqual(queryOf(AWS_EXAMPLE.presignedUrl));
    expect(url.split('?')[0]).toBe(AWS_EXAMPLE.url);
  });

  it('the S3 host (settings → object URL → signer) gives the same signature for the same object', async () => {
    const host = createS3Host(
      {
        endpoint: 'https://s3.amazonaws.com',
        bucket: 'examplebucket',
        accessKeyId: AWS_EXAMPLE.accessKeyId,
        secretAccessKey: AWS_EXAMPLE.secretAccessKey,
      },
      { now: () => AWS_EXAMPLE.now.getTime() },
    );
    // AWS endpoints default to virtual-hosted buckets and the region is read from the endpoint.
    expect(host.settings).toMatchObject({ region: 'us-east-1', pathStyle: false });
    expect(host.objectUrl('test.txt')).toBe(AWS_EXAMPLE.url);
    const url = await host.presign('GET', 'test.txt', 86400);
    expect(queryOf(url)).toEqual(queryOf(AWS_EXAMPLE.presignedUrl));
  });

  it('builds the canonical request and string to sign exactly as the published example does', async () => {
    // The same construction presignUrl performs, opened up to check the intermediate strings.
    const signer = new AwsV4Signer({
      method: 'GET',
      url: `${AWS_EXAMPLE.url}?X-Amz-Expires=86400`,
      accessKeyId: AWS_EXAMPLE.accessKeyId,
      secretAccessKey: AWS_EXAMPLE.secretAccessKey,
      service: 's3',
      region: 'us-east-1',
      datetime: '20130524T000000Z',
      signQuery: true,
    });
    expect(await signer.canonicalString()).toBe(AWS_EXAMPLE.canonicalRequest);
    expect(await signer.stringToSign()).toBe(AWS_EXAMPLE.stringToSign);
    expect(await signer.signature()).toBe(AWS_EXAMPLE.signature);
  });

  it('signs only host, with UNSIGNED-PAYLOAD, for every method we use', async () => {
    for (const method of ['PUT', 'HEAD', 'DELETE'] as const) {
      const url = await presignUrl(AWS_EXAMPLE, { method, ...AWS_EXAMPLE, expiresInSec: 900 });
      const query = queryOf(url);
      expect(query['X-Amz-SignedHeaders']).toBe('host');
      expect(query['X-Amz-Expires']).toBe('900');
      expect(query).not.toHaveProperty('X-Amz-Content-Sha256');
      expect(query['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
      expect(query['X-Amz-Signature']).not.toBe(AWS_EXAMPLE.signature);
    }
  });

  it('puts a session token in the signed query', async () => {
    const url = await presignUrl(
      { ...AWS_EXAMPLE, sessionToken: 'token/with+chars' },
      { method: 'GET', ...AWS_EXAMPLE },
    );
    expect(queryOf(url)['X-Amz-Security-Token']).toBe('token/with+chars');
    expect(queryOf(url)['X-Amz-Signature']).not.toBe(AWS_EXAMPLE.signature);
  });
});

describe('WebCrypto availability', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('explains a runtime without WebCrypto (Node 18 without the Node entry), and the Node entry installs it', async () => {
    vi.stubGlobal('crypto', undefined);
    const error = await presignUrl(AWS_EXAMPLE, { method: 'GET', ...AWS_EXAMPLE }).catch((e: unknown) => e);
    expect(HostingError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'unsupported_runtime' });
    expect((error as HostingError).message).toContain('WebCrypto');
    expect((error as HostingError).hint).toContain('@reanimate/core/node');

    ensureWebCrypto();
    const url = await presignUrl(AWS_EXAMPLE, { method: 'GET', ...AWS_EXAMPLE });
    expect(queryOf(url)['X-Amz-Signature']).toBe(AWS_EXAMPLE.signature);
  });
});
