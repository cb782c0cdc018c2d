// Streams an export from a database cursor through the line formatter (and gzip) to a file or any writable,
// with stream/promises.pipeline: backpressure all the way down to the cursor's fetches, so memory stays flat
// whatever the size, and an error anywhere (or the reader going away) stops it all and closes the cursor.
import fs from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { Db } from '../store/db.ts';
import { exportChatRows, exportDialogRows, exportRawRows, type ExportBaseRow } from '../store/export.ts';
import type { SampleFilters } from '../store/listing.ts';
import { chatLine, DEFAULT_VALIDATION_PERCENT, dialogLine, rawLine, splitOf, type ExportFormat, type Split } from './formats.ts';
import { createManifest, type ExportManifest } from './manifest.ts';
import { readAhead } from './read-ahead.ts';

export interface ExportOptions {
  db: Db;
  format: ExportFormat;
  filters: SampleFilters;
  /** A file path (the manifest is written beside it as FILE.manifest.json), or a stream. */
  out: string | Writable;
  gzip?: boolean;
  /** Share of samples, by content hash, marked `split: "validation"`; default 5. */
  validationPercent?: number;
  /** Called every few thousand lines with the lines written so far. */
  onProgress?: (lines: number) => void;
  signal?: AbortSignal;
}

// Lines are handed on in chunks of about this many characters: one write per line would cost more than the
// formatting itself.
const CHUNK_CHARS = 64 * 1024;
// Rows formatted at a time while the next ones are read: the cursor's batch.
const READ_AHEAD_ROWS = 500;

function rowsOf(db: Db, format: ExportFormat, filters: SampleFilters): { rows: AsyncIterable<ExportBaseRow>; line: (row: never, split: Split) => string } {
  switch (format) {
    case 'chat':
      return { rows: exportChatRows(db, filters), line: chatLine };
    case 'dialog':
      return { rows: exportDialogRows(db, filters), line: dialogLine };
    case 'raw':
      return { rows: exportRawRows(db, filters), line: rawLine };
  }
}

/**
 * The export as a readable of JSONL text (gzip-compressed when asked), and the manifest, which resolves once
 * the last byte has been handed to that readable. Destroying the readable stops the export and closes the
 * cursor.
 */
export function exportStream(options: Omit<ExportOptions, 'out'>): { stream: Readable; manifest: Promise<ExportManifest> } {
  const validationPercent = options.validationPercent ?? DEFAULT_VALIDATION_PERCENT;
  const manifest = createManifest({ format: options.format, filters: options.filters, gzip: options.gzip ?? false, validationPercent });
  const { rows, line } = rowsOf(options.db, options.format, options.filters);

  async function* text(): AsyncGenerator<string> {
    let chunk = '';
    for await (const batch of readAhead(rows, READ_AHEAD_ROWS)) {
      for (const row of batch) {
        const split = splitOf(row.content_hash, validationPercent);
        chunk += line(row as never, split);
        manifest.count(row, split);
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
          options.onProgress?.(manifest.lines());
        }
      }
    }
    if (chunk !== '') yield chunk;
    options.onProgress?.(manifest.lines());
  }

  const source = Readable.from(text(), { objectMode: false, ...(options.signal ? { signal: options.signal } : {}) });
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      callback(null, chunk);
    },
  });
  // Resolves once the last byte has been handed to the returned stream (the caller then waits for its reader);
  // a reader that destroys it rejects this and stops the cursor.
  const stages: NodeJS.ReadWriteStream[] = options.gzip ? [zlib.createGzip()] : [];
  const done = pipeline([source, ...stages, counter]).then(() => manifest.finish({ bytesWritten: written }));
  done.catch(() => {});
  return { stream: counter, manifest: done };
}

/**
 * Writes an export to a file (and FILE.manifest.json beside it) or to a stream; resolves to the manifest.
 * This is what `flywheel export`, `GET /v1/export` and the demo's closing export share.
 */
export async function writeExport(options: ExportOptions): Promise<ExportManifest> {
  const { stream, manifest } = exportStream(options);
  if (typeof options.out === 'string') {
    const partial = `${options.out}.partial`;
    try {
      await pipeline(stream, fs.createWriteStream(partial));
      const result = await manifest;
      fs.renameSync(partial, options.out);
      fs.writeFileSync(`${options.out}.manifest.json`, `${JSON.stringify(result, null, 2)}\n`);
      return result;
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw err;
    }
  }
  await pipeline(stream, options.out, { end: options.out !== process.stdout });
  return manifest;
}
