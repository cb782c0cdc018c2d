// GET /v1/export: the JSONL dataset streamed from keyset pages of the database (memory flat whatever its
// size, and nothing of the database held between pages, so a client that stops reading blocks nobody). The
// manifest (counts, filters, last id) is only known at the end, so it comes as the HTTP trailer
// `flywheel-manifest` (JSON); `curl --raw` shows it, and the next incremental export passes its last_id as
// `since`. A failure after the first byte, or a client that takes nothing for EXPORT_IDLE_TIMEOUT_MS, cuts
// the response off without its final chunk, so a client never mistakes a partial export for a whole one.
// At most EXPORT_MAX_CONCURRENT exports stream at once; one more is a 429 with retry-after.
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { FlywheelError } from '../../../errors.ts';
import { exportStream } from '../../../export/write.ts';
import { EXPORT_SCHEMA_VERSION } from '../../../export/formats.ts';
import type { ApiContext } from '../../context.ts';
import { errorSchema } from '../../schemas/common.ts';
import { exportQuery, type ExportQuery } from '../../schemas/export.ts';
import { filtersOf } from './samples.ts';

/** JSON with every character outside printable ASCII escaped: a header value must be plain ASCII. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// What a client refused by the cap is told to wait: an export of a whole round takes seconds.
const RETRY_AFTER_S = 5;

/**
 * Destroys `res` once its client has taken nothing for `idleMs`: bytes wait for the client (the response
 * needs a drain) and no drain came for that long. Waiting on the database does not count, only a full
 * response. Looked at four times per period (at least once a second), so the cut comes at most a quarter
 * period late, never early.
 */
function cutOffWhenIdle(res: ServerResponse, idleMs: number, onCut: () => void): void {
  let stalledSince: number | undefined;
  const timer = setInterval(() => {
    if (!res.writableNeedDrain) {
      stalledSince = undefined;
      return;
    }
    const now = performance.now();
    stalledSince ??= now;
    if (now - stalledSince < idleMs) return;
    clearInterval(timer);
    onCut();
    res.destroy();
  }, Math.max(10, Math.min(1000, Math.floor(idleMs / 4))));
  timer.unref();
  res.on('drain', () => (stalledSince = undefined));
  res.once('close', () => clearInterval(timer));
}

export function exportRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { config } = ctx.services;
  // Pages are read through a pool of their own: however many exports stream, the other routes keep theirs.
  const db = ctx.services.db.lane('export', config.databaseExportConnections);
  // Exports of this process now streaming: each holds at most two pages of rows, and its share of the CPU.
  let streaming = 0;
  return async (app) => {
    app.get<{ Querystring: ExportQuery }>('/export', {
      schema: {
        summary: 'Stream accepted samples as JSONL (chat, dialog or raw); the manifest follows as the trailer flywheel-manifest',
        tags: ['export'],
        querystring: exportQuery,
        produces: ['application/x-ndjson', 'application/gzip'],
        response: {
          200: { type: 'string', description: 'JSON Lines, one sample per line, oldest first (gzip-compressed with gzip=true)' },
          '4xx': errorSchema,
          '5xx': errorSchema,
        },
      },
    }, async (request, reply) => {
      if (streaming >= config.exportMaxConcurrent) {
        throw new FlywheelError('FLY_TOO_MANY_EXPORTS', `${config.exportMaxConcurrent} exports are streaming, the most this server runs at once: retry in ${RETRY_AFTER_S} s`, { details: { retryAfterS: RETRY_AFTER_S } });
      }
      const { format, gzip, validation_percent: validationPercent, ...filterQuery } = request.query;
      const filters = filtersOf(filterQuery);
      // A client already gone has had its 'close': it takes no place.
      if (!reply.raw.destroyed) {
        streaming++;
        reply.raw.once('close', () => streaming--);
      }
      cutOffWhenIdle(reply.raw, config.exportIdleTimeoutMs, () => {
        request.log.warn({ idleMs: config.exportIdleTimeoutMs }, 'export cut off: its client took nothing for EXPORT_IDLE_TIMEOUT_MS');
      });
      const { stream, manifest } = exportStream({ db, format, filters, gzip, validationPercent });
      const name = `flywheel-${format}${filters.round ? `-round-${filters.round}` : ''}.jsonl${gzip ? '.gz' : ''}`;
      reply
        .header('content-type', gzip ? 'application/gzip' : 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('flywheel-export-schema', String(EXPORT_SCHEMA_VERSION))
        .trailer('flywheel-manifest', async () => asciiJson(await manifest));
      return reply.send(stream);
    });
  };
}
