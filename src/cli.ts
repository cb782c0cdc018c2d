// The one command-line entry: `flywheel <command> [flags]`, each command's code in src/commands/. Every setting
// of src/config.ts is also a flag (`--data-dir`, `--sandbox-pool-size`, ...), read once here before any command runs.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { flagName, loadConfig, settings, type Config, type SettingName } from './config.ts';
import { runConfigCommand } from './commands/config.ts';
import type { CommandContext } from './commands/context.ts';
import { runDemo } from './commands/demo.ts';
import { runDoctorCommand } from './commands/doctor.ts';
import { exportOptions, exportUsage, runExportCommand } from './commands/export.ts';
import { runMigrateCommand } from './commands/migrate.ts';
import { roundOptions, settingUsage } from './commands/round-flags.ts';
import { runResume, runRunCommand } from './commands/run.ts';
import { runSandboxCommand } from './commands/sandbox.ts';
import { runServeCommand, serveOptions, serveUsage } from './commands/serve.ts';
import { runStandinCommand, standinUsage } from './commands/standin.ts';
import { runVerifyCommand, verifyOptions, verifyUsage } from './commands/verify.ts';
import { describeError, FlywheelError, isFlywheelError } from './errors.ts';
import { fixFor } from './fixes.ts';
import { openCommandLog } from './log.ts';

type Command = {
  summary: string;
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Run by people: on a terminal its logs go to a file and its screen shows warnings, errors and progress. */
  human?: true;
} & (
  | { run: (ctx: CommandContext) => Promise<number>; raw?: undefined }
  /** Commands that read their own flags (no settings flags): given the raw arguments. */
  | { raw: (argv: string[]) => Promise<number>; run?: undefined }
);

const commands: Record<string, Command> = {
  demo: {
    summary: 'run one whole round offline: stand-in model, embedded Postgres, local Docker sandboxes',
    usage: 'flywheel demo [--size N] [--concurrency N]',
    options: roundOptions,
    human: true,
    run: runDemo,
  },
  run: {
    summary: 'run a round with the current checkpoint against the configured services, or --join one as a worker',
    usage: `flywheel run [--join ROUND] ${settingUsage()} [--concurrency N]`,
    options: roundOptions,
    human: true,
    run: runRunCommand,
  },
  resume: {
    summary: 'finish a round that was interrupted (problems of dead local workers are taken back at once)',
    usage: 'flywheel resume ROUND [--concurrency N]',
    options: roundOptions,
    human: true,
    run: runResume,
  },
  serve: {
    summary: 'serve the REST API (and the nightly schedule when FLYWHEEL_CRON is set)',
    usage: serveUsage,
    options: serveOptions,
    run: runServeCommand,
  },
  export: {
    summary: 'stream accepted samples as JSONL (chat, dialog or raw)',
    usage: exportUsage,
    options: exportOptions,
    human: true,
    run: runExportCommand,
  },
  verify: {
    summary: 'check a JSONL file of {id, language, code, tests}: parse, lint, tests in the sandbox',
    usage: verifyUsage,
    options: verifyOptions,
    human: true,
    run: runVerifyCommand,
  },
  sandbox: {
    summary: 'build the sandbox images (skips images whose inputs have not changed); --prune removes our older tags',
    usage: 'flywheel sandbox build [--prune] [NAME...]',
    options: { prune: { type: 'boolean' } },
    human: true,
    run: runSandboxCommand,
  },
  standin: {
    summary: 'serve the stand-in model (an OpenAI-compatible server answering from a fixed bank; not a model)',
    usage: standinUsage,
    raw: runStandinCommand,
  },
  migrate: {
    summary: 'apply the database migrations not yet applied, and list them all',
    usage: 'flywheel migrate',
    human: true,
    run: runMigrateCommand,
  },
  doctor: {
    summary: 'check Docker, its runtimes, the sandbox images, the database, the model endpoint and free disk; each failure names its fix',
    usage: 'flywheel doctor',
    human: true,
    run: runDoctorCommand,
  },
  config: {
    summary: 'print the effective configuration (secrets masked), or the README table with --markdown',
    usage: 'flywheel config [--markdown]',
    options: { markdown: { type: 'boolean' } },
    run: runConfigCommand,
  },
};

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return [
    'usage: flywheel <command> [flags]',
    '',
    'commands:',
    ...lines,
    '',
    'Every setting is an environment variable and a flag: see `flywheel config --markdown`.',
    `For example: ${flagName('dataDir')} DIR, ${flagName('sandboxPoolSize')} N, ${flagName('logLevel')} debug.`,
  ].join('\n');
}

const settingOptions = Object.fromEntries(
  Object.keys(settings).map((name) => [flagName(name).slice(2), { type: 'string' as const }]),
);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (command.raw) {
    try {
      return await command.raw(rest);
    } catch (err) {
      console.error(`flywheel ${name}: ${describeError(err)}`);
      return isFlywheelError(err, 'FLY_USAGE') ? 2 : 1;
    }
  }
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...settingOptions, ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    console.error(failureLine(name, new FlywheelError('FLY_USAGE', (err as Error).message), `usage: ${command.usage}`));
    return 2;
  }
  if (parsed.values.help && !command.raw) {
    console.log(`usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  let config: Config;
  try {
    const flags: Partial<Record<SettingName, string>> = {};
    for (const setting of Object.keys(settings) as SettingName[]) {
      const value = parsed.values[flagName(setting).slice(2)];
      if (typeof value === 'string') flags[setting] = value;
    }
    config = loadConfig(process.env, flags);
  } catch (err) {
    // No logger yet (its settings may be the wrong ones): the line is all there is, and all that is needed.
    console.error(failureLine(name, err, `fix: ${fixFor(err) ?? 'correct the setting'}`));
    return 2;
  }

  const { log, record, file, screen } = openCommandLog({
    command: name, level: config.logLevel, format: config.logFormat, dataDir: config.dataDir, human: command.human === true,
  });
  if (file !== null && screen !== null) screen.print(`flywheel ${name}: full log in ${shownPath(file)}`);
  const values: CommandContext['values'] = {};
  for (const [key, value] of Object.entries(parsed.values)) {
    if (!(key in settingOptions) && value !== undefined) values[key] = value as string | boolean | string[];
  }
  try {
    return await command.run({ config, log, screen, values, positionals: parsed.positionals });
  } catch (err) {
    const code = err instanceof FlywheelError ? err.code : 'FLY_INTERNAL';
    // The stack is for whoever digs: the log file on a terminal, the JSON line on stderr otherwise.
    record.error({ err, code }, 'command failed');
    const fix = fixFor(err, config);
    if (code === 'FLY_USAGE') console.error(failureLine(name, err, `usage: ${command.usage}`));
    else if (fix !== null) console.error(failureLine(name, err, `fix: ${fix}`));
    else console.error(`flywheel ${name} failed: ${describeError(err)}${file === null ? '' : ` (stack in ${shownPath(file)})`}`);
    return code === 'FLY_USAGE' ? 2 : 1;
  }
}

/** An expected failure on one line: the cause (the code and the chain of messages), then what to do. */
function failureLine(command: string, err: unknown, fix: string): string {
  return `flywheel ${command}: ${describeError(err)}; ${fix}`.replace(/\s*\n\s*/g, ' ');
}

/** A path as short as it can be said from here. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
