// Writes dist/uxp/manifest.json after the Vite build. REANIMATE_UXP_STORAGE (comma-separated https origins)
// replaces the default storage hosts, REANIMATE_UXP_API the service's address, REANIMATE_UXP_TEAM_SERVER adds a
// studio's team server.
import { readFileSync, writeFileSync } from 'node:fs';
import { manifest } from '../src/manifest.ts';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const storage = process.env.REANIMATE_UXP_STORAGE?.split(',')
  .map((entry) => entry.trim())
  .filter(Boolean);
const written = manifest({
  version: pkg.version === '0.0.0' ? '0.1.0' : pkg.version,
  ...(process.env.REANIMATE_UXP_API ? { apiBaseUrl: process.env.REANIMATE_UXP_API } : {}),
  ...(storage?.length ? { storageEndpoints: storage } : {}),
  ...(process.env.REANIMATE_UXP_TEAM_SERVER ? { teamServer: process.env.REANIMATE_UXP_TEAM_SERVER } : {}),
});
writeFileSync(new URL('../dist/uxp/manifest.json', import.meta.url), `${JSON.stringify(written, null, 2)}\n`);
console.log(`manifest: ${written.requiredPermissions.network.domains.join(', ')}`);
