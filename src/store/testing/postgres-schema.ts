/**
 * Test helper: a fresh PostgreSQL schema per test suite, so parallel test files never share
 * tables; dropped afterwards. PARLEY_TEST_POSTGRES_URL overrides the default local server.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_POSTGRES_URL = process.env.PARLEY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `parley_test_<random>` and returns its name. */
export async function createTestSchema(): Promise<string> {
  const schema = `parley_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`create schema ${schema}`));
  return schema;
}

export async function dropTestSchema(schema: string): Promise<void> {
  await admin((client) => client.query(`drop schema if exists ${schema} cascade`));
}
