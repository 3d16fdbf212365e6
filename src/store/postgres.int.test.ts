// The Store contract against a real PostgreSQL, in a fresh schema dropped afterwards.
import { openStore } from './open.js';
import { describeStoreContract } from './store.contract.js';
import { TEST_POSTGRES_URL, createTestSchema, dropTestSchema } from './testing/postgres-schema.js';

let schema = '';

describeStoreContract('postgres', {
  open: async () => {
    schema = await createTestSchema();
    return openStore({ postgresUrl: TEST_POSTGRES_URL, schema });
  },
  teardown: async () => dropTestSchema(schema),
});
