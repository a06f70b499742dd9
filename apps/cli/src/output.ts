import { redactSecrets } from '@reanimate/core';
import type { OutputStream } from './progress.js';

/**
 * Everything the CLI prints goes through here, so secrets (the token, storage keys) are scrubbed from every line
 * even if some message were to carry one. Results go to stdout; messages, warnings and errors to stderr.
 */
export class Printer {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  private secrets: string[];

  constructor(stdout: OutputStream, stderr: OutputStream, secrets: readonly string[] = []) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.secrets = [...secrets];
  }

  addSecrets(secrets: readonly (string | undefined)[]): void {
    for (const secret of secrets) if (secret && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  scrub(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /** A result line on stdout. */
  out(line = ''): void {
    this.stdout.write(`${this.scrub(line)}\n`);
  }

  /** A message on stderr. */
  err(line = ''): void {
    this.stderr.write(`${this.scrub(line)}\n`);
  }

  /** One JSON object per line on stdout (--json). */
  json(value: unknown): void {
    this.stdout.write(`${this.scrub(JSON.stringify(value))}\n`);
  }
}
