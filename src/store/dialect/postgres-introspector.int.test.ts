// The schema-scoped introspector on a real PostgreSQL: it sees Parley's schema alone, and
// another schema dropped while Parley migrates cannot fail the migration.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStore } from '../sql-store.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from '../testing/postgres-schema.js';
import { createPostgresConnection } from './postgres.js';

describe('postgres introspection, scoped to Parley\'s schema', () => {
  let ours = '';
  let other = '';

  beforeAll(async () => {
    ours = await createTestSchema();
    other = await createTestSchema();
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    await client.query(`create table ${other}.elsewhere (id serial primary key, note text)`);
    await client.end();
  });
  afterAll(async () => {
    await dropTestSchema(ours);
    await dropTestSchema(other);
  });

  it('given a migrated store and a table in another schema, when introspected, then only our tables come back, with their columns', async () => {
    const connection = createPostgresConnection({ url: TEST_POSTGRES_URL, schema: ours });
    const store = new SqlStore(connection);
    try {
      await store.migrate();
      const tables = await connection.db.introspection.getTables();
      expect(tables.every((table) => table.schema === ours)).toBe(true);
      expect(tables.map((table) => table.name)).not.toContain('elsewhere');
      const events = tables.find((table) => table.name === 'events');
      expect(events?.columns.map((column) => column.name)).toContain('id');
      const audit = tables.find((table) => table.name === 'audit_log');
      expect(audit?.columns.find((column) => column.name === 'seq')).toMatchObject({ isAutoIncrementing: true, isNullable: false });
      expect(audit?.columns.find((column) => column.name === 'party_id')).toMatchObject({ isAutoIncrementing: false });
    } finally {
      await store.close();
    }
  });

  it('given schemas with tables being created and dropped throughout, when fresh stores migrate, then every migration succeeds', async () => {
    const churn = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await churn.connect();
    let stop = false;
    const churning = (async () => {
      for (let round = 0; !stop; round++) {
        const name = `parley_churn_${process.pid}_${round}`;
        await churn.query(`create schema ${name}`);
        await churn.query(`create table ${name}.t (id serial primary key, a text, b text, c text)`);
        await churn.query(`drop schema ${name} cascade`);
      }
    })();
    const schemas: string[] = [];
    try {
      for (let round = 0; round < 6; round++) {
        const schema = await createTestSchema();
        schemas.push(schema);
        const store = new SqlStore(createPostgresConnection({ url: TEST_POSTGRES_URL, schema }));
        try {
          await store.migrate();
        } finally {
          await store.close();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
      for (const schema of schemas) await dropTestSchema(schema);
    }
  }, 60_000);
});
