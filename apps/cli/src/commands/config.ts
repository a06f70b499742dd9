import { InputError } from '@reanimate/core';
import {
  configPath,
  displayValue,
  type Env,
  readConfig,
  reanimateHome,
  resolveSettings,
  SETTINGS,
  setConfigValue,
  unsetConfigValue,
} from '../config.js';
import { ExitCode } from '../exit-codes.js';
import type { Printer } from '../output.js';
import type { ParsedCommand } from '../program.js';

export interface ConfigIo {
  env: Env;
  printer: Printer;
  /** For `config set <key> -`: the value from stdin, so secrets stay out of shell history. */
  readStdin: () => Promise<string>;
}

/** `reanimate config`: view (secrets masked) and change settings in $REANIMATE_HOME/config.json. */
export async function configCommand(
  io: ConfigIo,
  command: Extract<ParsedCommand, { command: 'config' }>,
): Promise<number> {
  const home = reanimateHome(io.env);
  switch (command.action) {
    case 'path':
      io.printer.out(configPath(home));
      return ExitCode.ok;
    case 'set': {
      let raw = command.value as string;
      if (raw === '-') raw = (await io.readStdin()).replace(/\r?\n$/, '');
      const spec = await setConfigValue(home, command.key as string, raw);
      // The new value of a secret is not echoed, not even masked differently from any other secret.
      io.printer.err(
        `Saved ${spec.key} in ${configPath(home)}${spec.secret ? ' (secret: shown masked)' : ''}.`,
      );
      const overridden = io.env[spec.env];
      if (overridden !== undefined && overridden.trim() !== '') {
        io.printer.err(
          `note: ${spec.env} is set in the environment and takes precedence over the saved value.`,
        );
      }
      return ExitCode.ok;
    }
    case 'unset': {
      const spec = await unsetConfigValue(home, command.key as string);
      io.printer.err(`Removed ${spec.key} from ${configPath(home)}.`);
      return ExitCode.ok;
    }
    case 'get': {
      const settings = resolveSettings(await readConfig(home), io.env);
      const wanted = command.key?.toLowerCase();
      const shown = wanted
        ? settings.filter((setting) => setting.spec.key.toLowerCase() === wanted)
        : settings;
      if (wanted && shown.length === 0) {
        throw new InputError(`Unknown setting "${command.key}".`, {
          hint: `Settings: ${SETTINGS.map((spec) => spec.key).join(', ')}.`,
        });
      }
      if (command.json) {
        const object: Record<string, unknown> = {};
        for (const setting of shown) {
          object[setting.spec.key] = {
            value:
              setting.value === undefined
                ? null
                : setting.spec.secret
                  ? displayValue(setting)
                  : setting.value,
            source: setting.source ?? null,
            env: setting.spec.env,
            secret: setting.spec.secret,
          };
        }
        io.printer.json(object);
        return ExitCode.ok;
      }
      if (wanted && shown.length === 1) {
        io.printer.out(displayValue(shown[0] as (typeof shown)[number]));
        return ExitCode.ok;
      }
      const width = Math.max(...shown.map((setting) => setting.spec.key.length));
      for (const setting of shown) {
        const source =
          setting.source === 'env'
            ? ` (from ${setting.spec.env})`
            : setting.source === 'default'
              ? ' (default)'
              : '';
        io.printer.out(`${setting.spec.key.padEnd(width)}  ${displayValue(setting)}${source}`);
      }
      io.printer.err(`config file: ${configPath(home)}`);
      return ExitCode.ok;
    }
  }
}
