import { defineConfig } from 'tidemark';

export default defineConfig({
  // DATABASE_URL or --database override this; the default needs no server.
  database: 'pglite:.tidemark/dev',
  migrations: 'migrations',
  schema: 'schema',
  appliedBy: 'tidemark-example',
});
