// GET /v1/export: the JSONL dataset, streamed.
import { DEFAULT_VALIDATION_PERCENT, exportFormats } from '../../export/formats.ts';
import { sampleFilterQuery, type SampleFilterQuery } from '../../schemas/sample-filters.ts';

export const exportQuery = {
  type: 'object',
  properties: {
    format: { type: 'string', enum: exportFormats, default: 'chat', description: 'chat: problem + accepted solution; dialog: every turn; raw: every stored field.' },
    gzip: { type: 'boolean', default: false, description: 'Send application/gzip (the JSONL gzip-compressed).' },
    validation_percent: { type: 'integer', minimum: 0, maximum: 100, default: DEFAULT_VALIDATION_PERCENT, description: 'Share of samples marked split "validation", by content hash.' },
    ...sampleFilterQuery.properties,
  },
  additionalProperties: false,
} as const;

export type ExportQuery = SampleFilterQuery & { format: (typeof exportFormats)[number]; gzip: boolean; validation_percent: number };
