// What an export holds, written beside it (FILE.manifest.json) or sent as the HTTP trailer
// `flywheel-manifest`: counts, the filters and format it was made with, and the last sample id, which is
// what the next incremental export passes as `since`.
import { filtersAsParams, type SampleFilterParams, type SampleFilters } from '../schemas/sample-filters.ts';
import type { ExportBaseRow } from '../store/export.ts';
import { EXPORT_SCHEMA_VERSION, type ExportFormat, type Split } from './formats.ts';

export interface ExportManifest {
  schema_version: number;
  format: ExportFormat;
  gzip: boolean;
  validation_percent: number;
  /** The filters as the query parameters that make them (`since` as an id or an ISO time). */
  filters: SampleFilterParams;
  counts: { lines: number; train: number; validation: number; by_language: Record<string, number> };
  /** Bytes of the file or response body, compressed when gzip. */
  bytes: number;
  first_id: number | null;
  last_id: number | null;
  started_at: string;
  finished_at: string;
}

export function createManifest(input: { format: ExportFormat; filters: SampleFilters; gzip: boolean; validationPercent: number }) {
  const started = new Date();
  const counts: ExportManifest['counts'] = { lines: 0, train: 0, validation: 0, by_language: {} };
  let first: number | null = null;
  let last: number | null = null;
  return {
    count(row: ExportBaseRow, split: Split): void {
      counts.lines++;
      counts[split]++;
      counts.by_language[row.language] = (counts.by_language[row.language] ?? 0) + 1;
      first ??= row.id;
      last = row.id;
    },
    lines: () => counts.lines,
    finish(end: { bytesWritten: number }): ExportManifest {
      return {
        schema_version: EXPORT_SCHEMA_VERSION,
        format: input.format,
        gzip: input.gzip,
        validation_percent: input.validationPercent,
        filters: filtersAsParams(input.filters),
        counts,
        bytes: end.bytesWritten,
        first_id: first,
        last_id: last,
        started_at: started.toISOString(),
        finished_at: new Date().toISOString(),
      };
    },
  };
}
