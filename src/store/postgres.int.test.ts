// The Store contract against a real PostgreSQL, in a fresh schema dropped afterwards.
import { createPostgresConnection } from './dialect/postgres.js';
import { describeStoreContract } from './store.contract.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from './testing/postgres-schema.js';

let schema = '';

describeStoreContract('postgres', {
  connect: async () => {
    schema = await createTestSchema();
    return createPostgresConnection({ url: TEST_POSTGRES_URL, schema });
  },
  teardown: async () => dropTestSchema(schema),
});
