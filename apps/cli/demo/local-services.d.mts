import type { Emulator, EmulatorOptions, LocalS3 } from '@reanimate/emulator';

export interface LocalServices {
  emulator: Emulator;
  /** The local store, plus the CLI's storage settings for it as environment variables. */
  s3: LocalS3 & { env: Record<string, string> };
  env: Record<string, string>;
  close(): Promise<void>;
}

export function startServices(options?: {
  token?: string;
  emulator?: EmulatorOptions;
}): Promise<LocalServices>;
