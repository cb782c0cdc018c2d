// The dataset export as the rest of the service uses it.
export { DEFAULT_VALIDATION_PERCENT, EXPORT_SCHEMA_VERSION, exportFormats, lineFields, splitOf, type ExportFormat, type Split } from './formats.ts';
export type { ExportManifest } from './manifest.ts';
export { exportStream, writeExport, type ExportOptions } from './write.ts';
