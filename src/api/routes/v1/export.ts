// GET /v1/export: the JSONL dataset streamed from a database cursor (memory flat whatever its size). The
// manifest (counts, filters, last id) is only known at the end, so it comes as the HTTP trailer
// `flywheel-manifest` (JSON); `curl --raw` shows it, and the next incremental export passes its last_id as
// `since`. A failure after the first byte cuts the response off without its final chunk, so a client
// never mistakes a partial export for a whole one.
import type { FastifyPluginAsync } from 'fastify';
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

export function exportRoutes(ctx: ApiContext): FastifyPluginAsync {
  const { db } = ctx.services;
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
      const { format, gzip, validation_percent: validationPercent, ...filterQuery } = request.query;
      const filters = filtersOf(filterQuery);
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
