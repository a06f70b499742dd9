import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BASE_URL, InputError, type S3SettingsInput } from '@reanimate/core';

export type SettingKind = 'string' | 'boolean' | 'integer';

export interface SettingSpec {
  /** Name in `config get/set` and in config.json (dotted = nested). */
  key: string;
  env: string;
  kind: SettingKind;
  /** Never printed: masked by `config get`, kept out of messages. */
  secret: boolean;
  /** Field of core's S3 settings, for the storage keys. */
  s3Field?: keyof S3SettingsInput;
}

export const SETTINGS: readonly SettingSpec[] = [
  { key: 'token', env: 'RUNCOMFY_API_TOKEN', kind: 'string', secret: true },
  { key: 'baseUrl', env: 'RUNCOMFY_BASE_URL', kind: 'string', secret: false },
  // A team server (apps/server): jobs go there instead of to RunComfy from this machine.
  { key: 'server.url', env: 'REANIMATE_SERVER_URL', kind: 'string', secret: false },
  { key: 'server.key', env: 'REANIMATE_SERVER_KEY', kind: 'string', secret: true },
  { key: 's3.endpoint', env: 'REANIMATE_S3_ENDPOINT', kind: 'string', secret: false, s3Field: 'endpoint' },
  { key: 's3.region', env: 'REANIMATE_S3_REGION', kind: 'string', secret: false, s3Field: 'region' },
  { key: 's3.bucket', env: 'REANIMATE_S3_BUCKET', kind: 'string', secret: false, s3Field: 'bucket' },
  { key: 's3.prefix', env: 'REANIMATE_S3_PREFIX', kind: 'string', secret: false, s3Field: 'prefix' },
  {
    key: 's3.accessKeyId',
    env: 'REANIMATE_S3_ACCESS_KEY_ID',
    kind: 'string',
    secret: false,
    s3Field: 'accessKeyId',
  },
  {
    key: 's3.secretAccessKey',
    env: 'REANIMATE_S3_SECRET_ACCESS_KEY',
    kind: 'string',
    secret: true,
    s3Field: 'secretAccessKey',
  },
  {
    key: 's3.sessionToken',
    env: 'REANIMATE_S3_SESSION_TOKEN',
    kind: 'string',
    secret: true,
    s3Field: 'sessionToken',
  },
  {
    key: 's3.pathStyle',
    env: 'REANIMATE_S3_PATH_STYLE',
    kind: 'boolean',
    secret: false,
    s3Field: 'pathStyle',
  },
  {
    key: 's3.urlExpiresInSec',
    env: 'REANIMATE_S3_URL_EXPIRES_IN_SEC',
    kind: 'integer',
    secret: false,
    s3Field: 'urlExpiresInSec',
  },
  { key: 's3.keep', env: 'REANIMATE_S3_KEEP', kind: 'boolean', secret: false, s3Field: 'keep' },
];

/** The settings storage cannot work without, in the order the message lists them. */
const REQUIRED_S3 = ['s3.endpoint', 's3.bucket', 's3.accessKeyId', 's3.secretAccessKey'];

export type SettingValue = string | boolean | number;
export type SettingSource = 'env' | 'config' | 'default';

export interface ResolvedSetting {
  spec: SettingSpec;
  value: SettingValue | undefined;
  source: SettingSource | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Where the journal and config.json live: $REANIMATE_HOME, else ~/.reanimate. */
export function reanimateHome(env: Env): string {
  const home = env.REANIMATE_HOME?.trim();
  return home ? home : join(homedir(), '.reanimate');
}

export function configPath(home: string): string {
  return join(home, 'config.json');
}

export function journalDir(home: string): string {
  return join(home, 'jobs');
}

export function findSetting(key: string): SettingSpec | undefined {
  return SETTINGS.find((spec) => spec.key.toLowerCase() === key.toLowerCase());
}

function unknownKey(key: string): InputError {
  return new InputError(`Unknown setting "${key}".`, {
    issues: [{ field: key, message: 'unknown setting' }],
    hint: `Settings: ${SETTINGS.map((spec) => spec.key).join(', ')}.`,
  });
}

/** Parses a typed-in value; the message names where it came from but never echoes a secret. */
export function parseSettingValue(spec: SettingSpec, raw: string, from: string): SettingValue {
  const value = raw.trim();
  const bad = (what: string) =>
    new InputError(`${from} must be ${what}${spec.secret ? '' : ` (got "${value}")`}.`, {
      issues: [{ field: spec.key, message: `must be ${what}` }],
    });
  switch (spec.kind) {
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(value)) return true;
      if (/^(false|0|no|off)$/i.test(value)) return false;
      throw bad('true or false');
    case 'integer': {
      const number = Number(value);
      if (value === '' || !Number.isInteger(number)) throw bad('a whole number');
      return number;
    }
    case 'string':
      if (value === '') throw bad('a non-empty string');
      // Secrets keep inner characters as typed; only the surrounding whitespace of a paste is dropped.
      return value;
  }
}

export type ConfigData = Record<string, unknown>;

function getPath(data: ConfigData, key: string): unknown {
  let current: unknown = data;
  for (const part of key.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function setPath(data: ConfigData, key: string, value: unknown): void {
  const parts = key.split('.');
  let current: Record<string, unknown> = data;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete current[last];
  else current[last] = value;
  // Leave no empty `s3: {}` behind.
  if (parts.length > 1 && Object.keys(current).length === 0) delete data[parts[0] as string];
}

/** Reads config.json; a missing file is an empty config. Tightens a file others could read back to 0600. */
export async function readConfig(home: string): Promise<ConfigData> {
  const path = configPath(home);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new InputError(`Cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
      hint: 'Check the permissions of REANIMATE_HOME.',
    });
  }
  const info = await stat(path).catch(() => undefined);
  if (info && process.platform !== 'win32' && (info.mode & 0o077) !== 0)
    await chmod(path, 0o600).catch(() => {});
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InputError(`${path} is not valid JSON.`, {
      hint: 'Fix it by hand, or delete it and set the values again with `reanimate config set`.',
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${path} must hold a JSON object.`, {
      hint: 'Delete it and set the values again with `reanimate config set`.',
    });
  }
  return data as ConfigData;
}

/** Writes config.json atomically with mode 0600 (it holds secrets); the folder is made 0700. */
export async function writeConfig(home: string, data: ConfigData): Promise<void> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const path = configPath(home);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  // The mode argument is filtered by the umask, and an existing temp keeps its mode: set it explicitly.
  await chmod(temp, 0o600);
  await rename(temp, path);
}

export async function setConfigValue(home: string, key: string, raw: string): Promise<SettingSpec> {
  const spec = findSetting(key);
  if (!spec) throw unknownKey(key);
  const value = parseSettingValue(spec, raw, spec.key);
  const data = await readConfig(home);
  setPath(data, spec.key, value);
  await writeConfig(home, data);
  return spec;
}

export async function unsetConfigValue(home: string, key: string): Promise<SettingSpec> {
  const spec = findSetting(key);
  if (!spec) throw unknownKey(key);
  const data = await readConfig(home);
  setPath(data, spec.key, undefined);
  await writeConfig(home, data);
  return spec;
}

/** Every setting with its effective value: environment first, then config.json, then the default. */
export function resolveSettings(data: ConfigData, env: Env): ResolvedSetting[] {
  return SETTINGS.map((spec) => {
    const fromEnv = env[spec.env];
    if (fromEnv !== undefined && fromEnv.trim() !== '') {
      return { spec, value: parseSettingValue(spec, fromEnv, spec.env), source: 'env' as const };
    }
    const saved = getPath(data, spec.key);
    if (saved !== undefined && saved !== null && saved !== '') {
      const value =
        typeof saved === 'string' ? parseSettingValue(spec, saved, `${spec.key} in config.json`) : saved;
      if (typeof value !== 'string' && typeof value !== 'boolean' && typeof value !== 'number') {
        throw new InputError(`${spec.key} in config.json must be a ${spec.kind}.`, {
          hint: `Set it again with \`reanimate config set ${spec.key} <value>\`.`,
        });
      }
      return { spec, value, source: 'config' as const };
    }
    if (spec.key === 'baseUrl') return { spec, value: DEFAULT_BASE_URL, source: 'default' as const };
    return { spec, value: undefined, source: undefined };
  });
}

/** How a value may be shown: secrets are masked entirely (not even a prefix), others as they are. */
export function displayValue(setting: ResolvedSetting): string {
  if (setting.value === undefined) return '(not set)';
  if (setting.spec.secret) return '******** (set)';
  return String(setting.value);
}

export interface CliSettings {
  home: string;
  token: string | undefined;
  baseUrl: string;
  /** Present when any storage setting is set; validated by core when it is used. */
  s3: S3SettingsInput | undefined;
  /** Which storage settings are set, to say exactly what is missing. */
  s3Set: ReadonlySet<string>;
  /** The team server to submit to, when one is configured (`server.url`, `server.key`). */
  server: { url: string | undefined; key: string | undefined };
  /** Every secret value, to scrub from anything printed. */
  secrets: string[];
}

export async function loadSettings(env: Env): Promise<CliSettings> {
  const home = reanimateHome(env);
  const resolved = resolveSettings(await readConfig(home), env);
  const value = (key: string) => resolved.find((setting) => setting.spec.key === key)?.value;
  const s3: Record<string, SettingValue> = {};
  const s3Set = new Set<string>();
  for (const setting of resolved) {
    if (setting.spec.s3Field && setting.value !== undefined) {
      s3[setting.spec.s3Field] = setting.value;
      s3Set.add(setting.spec.key);
    }
  }
  const token = value('token');
  return {
    home,
    token: typeof token === 'string' ? token : undefined,
    baseUrl: String(value('baseUrl') ?? DEFAULT_BASE_URL),
    s3: s3Set.size > 0 ? (s3 as unknown as S3SettingsInput) : undefined,
    s3Set,
    server: {
      url: typeof value('server.url') === 'string' ? (value('server.url') as string) : undefined,
      key: typeof value('server.key') === 'string' ? (value('server.key') as string) : undefined,
    },
    secrets: resolved
      .filter((setting) => setting.spec.secret && typeof setting.value === 'string')
      .map((setting) => setting.value as string),
  };
}

/** The message for "local files but no (complete) storage": names exactly the settings to set. */
export function missingStorageError(settings: CliSettings, files: readonly string[]): InputError {
  const missing = REQUIRED_S3.filter((key) => !settings.s3Set.has(key));
  const lines = missing.map((key) => {
    const spec = findSetting(key) as SettingSpec;
    return `  ${spec.key.padEnd(18)} env ${spec.env}`;
  });
  const what =
    files.length === 1
      ? `${files[0]} is a local file: it has to be`
      : `${files.join(' and ')} are local files: they have to be`;
  return new InputError(
    `${what} uploaded to S3-compatible storage you own (react-1 only fetches URLs), and storage is ` +
      `not ${settings.s3Set.size > 0 ? 'fully ' : ''}configured. Set:\n${lines.join('\n')}\n` +
      '  (optional: s3.region, s3.prefix, s3.pathStyle, s3.keep; see `reanimate help config`)',
    {
      issues: missing.map((key) => ({ field: key, message: 'is required to upload local files' })),
      hint:
        'For example `reanimate config set s3.bucket my-bucket`, or export the environment variables. ' +
        'Inputs given as https:// URLs need no storage settings.',
    },
  );
}
