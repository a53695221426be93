import { describe } from 'vitest';
import { freshDatabase, POSTGRES_URL } from '../tests/helpers/database.ts';
import { openStore } from './open-store.ts';
import { updateStoreContract } from './update-store.contract.ts';

const openWith = (backend: 'pglite' | 'postgres') => async () => {
  const db = await freshDatabase(backend);
  const { store } = await openStore({ databaseUrl: db.databaseUrl, dataDir: db.dataDir });
  return { store, cleanup: db.cleanup };
};

updateStoreContract('PGlite', openWith('pglite'));
// Postgres needs a server; .ci/run and the README point DATABASE_URL at one.
describe.runIf(POSTGRES_URL)('with DATABASE_URL', () => updateStoreContract('Postgres', openWith('postgres')));
