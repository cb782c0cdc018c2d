// Streams an export from keyset pages of the database through the line formatter (and gzip) to a file or any
// writable, with stream/promises.pipeline: backpressure all the way down to the page reads, so memory stays
// flat whatever the size, nothing of the database is held while the reader is slow, and an error anywhere (or
// the reader going away) stops it all.
import fs from 'node:fs';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { SampleFilters } from '../schemas/sample-filters.ts';
import type { Db } from '../store/db.ts';
import { exportChatPage, exportDialogPage, exportRawPage, newestSampleId, type ExportBaseRow, type ExportPage } from '../store/export.ts';
import { chatLine, DEFAULT_VALIDATION_PERCENT, dialogLine, rawLine, splitOf, type ExportFormat, type Split } from './formats.ts';
import { createManifest, type ExportManifest } from './manifest.ts';
import { keysetPages } from './pages.ts';

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
// Rows of one page: one short statement each; the page being formatted and the one read ahead are what a
// stalled reader holds.
const PAGE_ROWS = 500;

type PageReader = (db: Db, filters: SampleFilters, page: ExportPage) => Promise<ExportBaseRow[]>;

function formatOf(format: ExportFormat): { read: PageReader; line: (row: never, split: Split) => string } {
  switch (format) {
    case 'chat':
      return { read: exportChatPage, line: chatLine };
    case 'dialog':
      return { read: exportDialogPage, line: dialogLine };
    case 'raw':
      return { read: exportRawPage, line: rawLine };
  }
}

/**
 * The export as a readable of JSONL text (gzip-compressed when asked), and the manifest, which resolves once
 * the last byte has been handed to that readable. It holds the samples up to the newest one when it starts
 * (those added meanwhile are the next incremental export's). Destroying the readable stops the export.
 */
export function exportStream(options: Omit<ExportOptions, 'out'>): { stream: Readable; manifest: Promise<ExportManifest> } {
  const validationPercent = options.validationPercent ?? DEFAULT_VALIDATION_PERCENT;
  const manifest = createManifest({ format: options.format, filters: options.filters, gzip: options.gzip ?? false, validationPercent });
  const { db, filters } = options;
  const { read, line } = formatOf(options.format);

  async function* text(): AsyncGenerator<string> {
    const upTo = await newestSampleId(db);
    let chunk = '';
    for await (const rows of keysetPages((after) => read(db, filters, { after, upTo, limit: PAGE_ROWS }), PAGE_ROWS)) {
      for (const row of rows) {
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
  // a reader that destroys it rejects this and stops the page reads.
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
