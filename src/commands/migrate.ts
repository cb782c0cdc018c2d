// `flywheel migrate`: applies the database migrations not yet applied, and lists them all with the tables.
import { appliedMigrations, describeDb, migrate, openDb } from '../store/index.ts';
import type { CommandContext } from './context.ts';

export async function runMigrateCommand({ config, log }: CommandContext): Promise<number> {
  const db = await openDb(config);
  try {
    const applied = await migrate(db);
    log.info({ applied, database: describeDb(config) }, 'migrations applied');
    const all = await appliedMigrations(db);
    console.log(`database: ${describeDb(config)}`);
    for (const m of all) {
      const marker = applied.includes(`${String(m.id).padStart(4, '0')}_${m.name}`) ? 'applied now' : 'already applied';
      console.log(`  ${String(m.id).padStart(4, '0')}_${m.name}  ${marker}`);
    }
    const tables = await db.query<{ table_name: string; rows: number }>(
      `select c.relname as table_name, c.reltuples::int8 as rows from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and c.relkind = 'r' order by c.relname`,
    );
    console.log(`tables: ${tables.map((t) => t.table_name).join(', ')}`);
    return 0;
  } finally {
    await db.close();
  }
}
