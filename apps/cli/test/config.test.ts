import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from './helpers.js';

const TOKEN = 'tok-config-SECRET-7f3a9c';
const S3_SECRET = 's3-config-SECRET-c91b2e';

describe('reanimate config', () => {
  let home: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    home = await tempDir('reanimate-config-');
  });
  afterAll(async () => {
    await home.remove();
  });

  it('saves settings in config.json with mode 0600, masks secrets, and lets the environment win', async () => {
    const env = cleanEnv({ REANIMATE_HOME: home.path });
    const outputs: string[] = [];
    const run = async (args: string[], input?: string) => {
      const result = await runCli(args, env, { input });
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    expect((await run(['config', 'set', 'token', '-'], `${TOKEN}\n`)).code).toBe(0);
    expect((await run(['config', 'set', 's3.secretAccessKey', S3_SECRET])).code).toBe(0);
    expect((await run(['config', 'set', 's3.bucket', 'my-bucket'])).code).toBe(0);
    expect((await run(['config', 'set', 's3.keep', 'yes'])).code).toBe(0);

    const file = join(home.path, 'config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const shown = await run(['config', 'get']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/token\s+\*+ \(set\)/);
    expect(shown.stdout).toMatch(/s3\.secretAccessKey\s+\*+ \(set\)/);
    expect(shown.stdout).toMatch(/s3\.bucket\s+my-bucket/);
    expect(shown.stdout).toMatch(/s3\.keep\s+true/);
    expect(shown.stdout).toMatch(/baseUrl\s+https:\/\/model-api\.runcomfy\.net \(default\)/);

    const json = JSON.parse((await run(['config', 'get', '--json'])).stdout) as Record<
      string,
      { value: unknown; source: string }
    >;
    expect(json['s3.bucket']).toMatchObject({ value: 'my-bucket', source: 'config' });
    expect(json.token?.value).toBe('******** (set)');

    const overridden = await runCli(['config', 'get', 's3.bucket'], {
      ...env,
      REANIMATE_S3_BUCKET: 'env-bucket',
    });
    expect(overridden.stdout.trim()).toBe('env-bucket');

    expect((await run(['config', 'unset', 's3.keep'])).code).toBe(0);
    expect((await run(['config', 'get', 's3.keep'])).stdout.trim()).toBe('(not set)');
    expect((await run(['config', 'path'])).stdout.trim()).toBe(file);

    for (const text of outputs) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(S3_SECRET);
    }
  });

  it('refuses unknown keys and bad values with exit 2', async () => {
    const env = cleanEnv({ REANIMATE_HOME: home.path });
    const unknown = await runCli(['config', 'set', 'colour', 'blue'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown setting "colour"');
    const bad = await runCli(['config', 'set', 's3.urlExpiresInSec', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a whole number');
  });
});
