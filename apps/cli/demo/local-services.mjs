// Local stand-ins for the two services a real run talks to, on free loopback ports: the react-1 emulator
// (RunComfy's Model API) and s3rver (S3-compatible storage for uploads). Used by the demo and the CLI tests.
import { startEmulator, startLocalS3 } from '@reanimate/emulator';

/** The CLI's storage settings, as environment variables, for a local S3 store. */
function s3Env(local) {
  return {
    REANIMATE_S3_ENDPOINT: local.endpoint,
    REANIMATE_S3_BUCKET: local.bucket,
    REANIMATE_S3_REGION: local.settings.region ?? 'us-east-1',
    REANIMATE_S3_ACCESS_KEY_ID: local.settings.accessKeyId,
    REANIMATE_S3_SECRET_ACCESS_KEY: local.settings.secretAccessKey,
  };
}

/** The emulator and the local S3 together, plus the environment that points the CLI at both. */
export async function startServices({ token = 'demo-token', emulator: emulatorOptions = {} } = {}) {
  const local = await startLocalS3({ bucket: 'reanimate' });
  const s3 = { ...local, env: s3Env(local), close: () => local.close() };
  let emulator;
  try {
    emulator = await startEmulator({
      port: 0,
      tokens: [token],
      processing: { fixedMs: 50 },
      ...emulatorOptions,
    });
  } catch (error) {
    await s3.close();
    throw error;
  }
  return {
    emulator,
    s3,
    env: { RUNCOMFY_BASE_URL: emulator.url, RUNCOMFY_API_TOKEN: token, ...s3.env },
    async close() {
      await Promise.allSettled([emulator.close(), s3.close()]);
    },
  };
}
