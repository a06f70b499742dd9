import type { Emulator, EmulatorOptions } from '@reanimate/emulator';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  env: Record<string, string>;
  directory: string;
  close(): Promise<void>;
}

export interface LocalServices {
  emulator: Emulator;
  s3: LocalS3;
  env: Record<string, string>;
  close(): Promise<void>;
}

export function startLocalS3(options?: { bucket?: string }): Promise<LocalS3>;
export function startServices(options?: {
  token?: string;
  emulator?: EmulatorOptions;
}): Promise<LocalServices>;
