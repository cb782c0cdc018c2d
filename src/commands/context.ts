// What every command of src/cli.ts is given: the validated config, its logger, the terminal and its own flags.
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Screen } from '../terminal/screen.ts';

export interface CommandContext {
  config: Config;
  log: Logger;
  /** The terminal when people read stderr (progress lines go there); null when stderr carries JSON logs. */
  screen: Screen | null;
  /** Command-specific flags and positionals. */
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}
