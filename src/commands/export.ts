// `flywheel export`: accepted samples as JSONL to --out FILE (with FILE.manifest.json beside it) or stdout
// (the manifest then goes to stderr). On a terminal a progress bar runs on stderr.
import type { Writable } from 'node:stream';
import { FlywheelError } from '../errors.ts';
import { DEFAULT_VALIDATION_PERCENT, exportFormats, writeExport, type ExportFormat } from '../export/index.ts';
import { sampleFilterQuery, toSampleFilters } from '../schemas/sample-filters.ts';
import { migrate, openDb } from '../store/index.ts';
import { countSamples } from '../store/samples.ts';
import type { CommandContext } from './context.ts';
import { flagOf, flagOptions, flagUsage, valuesOfFlags } from './schema-flags.ts';

export const exportUsage = `flywheel export [--format chat|dialog|raw] [--out FILE] [--gzip] [--validation-percent N] [filters]
  Streams accepted samples as JSON Lines, oldest first, to FILE (and FILE.manifest.json) or stdout.
  --format F                 chat (problem + accepted solution), dialog (every turn), raw (every stored field); default chat
  --out FILE                 output file (default: stdout, manifest on stderr)
  --gzip                     gzip the output
  --validation-percent N     share of samples marked split "validation", by content hash (default ${DEFAULT_VALIDATION_PERCENT})
  filters, as the API's query parameters (the manifest's last_id is the next export's --since):
${flagUsage(sampleFilterQuery).join('\n')}`;

export const exportOptions = {
  format: { type: 'string' },
  out: { type: 'string' },
  gzip: { type: 'boolean' },
  'validation-percent': { type: 'string' },
  ...flagOptions(sampleFilterQuery),
} as const;

/** A progress bar on one terminal line, redrawn at most ten times a second. */
export function progressBar(total: number, out: Writable & { isTTY?: boolean } = process.stderr): { update(lines: number): void; done(): void } {
  const started = performance.now();
  let drawn = 0;
  const draw = (lines: number) => {
    const width = 30;
    const share = total > 0 ? Math.min(1, lines / total) : 1;
    const filled = Math.round(share * width);
    const rate = lines / Math.max((performance.now() - started) / 1000, 0.001);
    out.write(`\rexport [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${lines}/${total} lines, ${Math.round(rate)}/s `);
  };
  return {
    update(lines) {
      const now = performance.now();
      if (now - drawn < 100) return;
      drawn = now;
      draw(lines);
    },
    done() {
      draw(total);
      out.write('\n');
    },
  };
}

export async function runExportCommand({ config, log, values }: CommandContext): Promise<number> {
  const format = (values.format ?? 'chat') as string;
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new FlywheelError('FLY_USAGE', `--format: expected one of ${exportFormats.join(', ')}, got "${format}"`);
  }
  let validationPercent = DEFAULT_VALIDATION_PERCENT;
  if (typeof values['validation-percent'] === 'string') {
    validationPercent = Number(values['validation-percent']);
    if (!/^\d+$/.test(values['validation-percent']) || validationPercent > 100) {
      throw new FlywheelError('FLY_USAGE', `--validation-percent: expected a whole number in 0..100, got "${values['validation-percent']}"`);
    }
  }
  const filters = toSampleFilters(valuesOfFlags(sampleFilterQuery, values), (name, expected, got) => (
    new FlywheelError('FLY_USAGE', `--${flagOf(name)}: expected ${expected}, got "${got}"`)
  ));
  const out = typeof values.out === 'string' && values.out !== '-' ? values.out : undefined;
  const gzip = values.gzip === true;
  if (gzip && out === undefined && process.stdout.isTTY) throw new FlywheelError('FLY_USAGE', '--gzip to a terminal: add --out FILE or redirect stdout');

  const db = await openDb(config);
  try {
    await migrate(db);
    const bar = process.stderr.isTTY ? progressBar(await countSamples(db, filters)) : undefined;
    const manifest = await writeExport({
      db, format: format as ExportFormat, filters, out: out ?? process.stdout, gzip, validationPercent,
      ...(bar ? { onProgress: (lines: number) => bar.update(lines) } : {}),
    });
    bar?.done();
    log.info({ lines: manifest.counts.lines, bytes: manifest.bytes, out: out ?? 'stdout' }, 'export written');
    if (out === undefined) process.stderr.write(`${JSON.stringify(manifest)}\n`);
    else process.stderr.write(`export: ${manifest.counts.lines} samples (${manifest.counts.validation} validation) to ${out}, manifest ${out}.manifest.json\n`);
    return 0;
  } finally {
    await db.close();
  }
}
