// `flywheel demo`: one whole round offline, with the stand-in model, the embedded database and local Docker
// sandboxes (images built when missing), then its samples exported as chat JSONL.
import fs from 'node:fs';
import path from 'node:path';
import { writeExport } from '../export/index.ts';
import { startRound } from '../pipeline/round.ts';
import { resolveRoundSettings, targetLanguages } from '../pipeline/settings.ts';
import { openRunServices } from '../services.ts';
import { countProblems } from '../store/problems.ts';
import { defaultBankDir, startStandin, STANDIN_MODEL } from '../standin/index.ts';
import type { CommandContext } from './context.ts';
import { checkedRoundSettings, concurrencyOf, settingsFromFlags } from './round-flags.ts';
import { workOnRound } from './run.ts';

export async function runDemo(ctx: CommandContext): Promise<number> {
  const { config, log } = ctx;
  fs.mkdirSync(config.dataDir, { recursive: true });
  console.error('demo: building the sandbox images if missing, opening the embedded database ...');
  const services = await openRunServices(config, log, { buildMissingImages: true });
  let standin: Awaited<ReturnType<typeof startStandin>> | undefined;
  try {
    // Each demo round continues the bank where the last one stopped, as a new checkpoint would write new problems.
    standin = await startStandin({ port: 0, firstProblem: await countProblems(services.db), log });
    console.error(`demo: stand-in model (not a model: answers from a fixed bank) at ${standin.url}`);
    const checkpoint = await services.registry.register({ name: `standin-${Date.now()}`, baseUrl: standin.url, model: STANDIN_MODEL, makeCurrent: true });
    // The bank ships benchmark-style prompts one of its problems copies from, so the demo shows that drop too.
    const settings = resolveRoundSettings(await checkedRoundSettings(config, {
      benchmarkFiles: [path.join(defaultBankDir, 'benchmark-sample.jsonl')],
      ...settingsFromFlags(ctx.values),
      languages: [...targetLanguages],
    }));
    const round = await startRound(services, { checkpointId: checkpoint.id, settings });
    console.error(`demo: round ${round.id} with checkpoint ${checkpoint.name}: ${settings.size} problems, translated into ${settings.languages.join(', ')}`);
    const code = await workOnRound(services, ctx.screen, checkpoint, round.id, settings.size, concurrencyOf(ctx));
    const out = path.resolve(config.dataDir, `round-${round.id}.chat.jsonl`);
    const manifest = await writeExport({ db: services.db, format: 'chat', filters: { round: round.id }, out });
    console.log(`export: ${manifest.counts.lines} samples of round ${round.id} as chat JSONL in ${out} (manifest beside it)`);
    return code;
  } finally {
    await standin?.close();
    await services.close();
  }
}
