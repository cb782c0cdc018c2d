// `flywheel migrate`: applies the database migrations not yet applied, and lists them all with the tables.
import { appliedMigrations, describeDb, migrate, openDb, tableNames } from '../store/index.ts';
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
    console.log(`tables: ${(await tableNames(db)).join(', ')}`);
    return 0;
  } finally {
    await db.close();
  }
}
