// `flywheel config`: the effective configuration (secrets masked), or the README's table with --markdown.
import { configTable, describeConfig } from '../config.ts';
import type { CommandContext } from './context.ts';

export async function runConfigCommand({ config, values }: CommandContext): Promise<number> {
  console.log(values.markdown ? configTable() : JSON.stringify(describeConfig(config), null, 2));
  return 0;
}
