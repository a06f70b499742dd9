import { describe, expect, it } from 'vitest';
import { manifest } from '../src/manifest.ts';

describe('the UXP manifest', () => {
  it('lists the service and the storage the user builds for, as origins', () => {
    const domains = manifest({
      version: '1.2.3',
      apiBaseUrl: 'https://model-api.runcomfy.net/v1/',
      storageEndpoints: ['https://minio.studio.example:9000/reanimate', 'https://*.r2.cloudflarestorage.com'],
    }).requiredPermissions.network.domains;
    expect(domains).toEqual([
      'https://model-api.runcomfy.net',
      'https://minio.studio.example:9000',
      'https://*.r2.cloudflarestorage.com',
    ]);
  });

  it('adds a studio’s team server, which the plugin then talks to instead of RunComfy', () => {
    const domains = manifest({ version: '1', teamServer: 'https://reanimate.studio.example/api' })
      .requiredPermissions.network.domains;
    expect(domains).toContain('https://reanimate.studio.example');
    expect(() => manifest({ version: '1', teamServer: 'http://reanimate.studio.example' })).toThrow(
      /must be https/,
    );
  });

  it('refuses plain http outside localhost, which UXP would refuse at run time', () => {
    expect(() => manifest({ version: '1', storageEndpoints: ['http://nas.local:9000'] })).toThrow(
      /must be https/,
    );
    expect(
      manifest({ version: '1', storageEndpoints: ['http://127.0.0.1:9000'] }).requiredPermissions.network
        .domains,
    ).toContain('http://127.0.0.1:9000');
  });
});
