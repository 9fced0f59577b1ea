// The dashboard's typed GraphQL client, generated from the API's schema (schema.gql) and the
// operations written in apps/dashboard/src with graphql(): `npm run codegen` after changing
// either; test/dashboard-client.spec.ts fails when the generated files are stale.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['apps/dashboard/src/**/*.ts', '!apps/dashboard/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'apps/dashboard/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        onlyOperationTypes: true,
        enumsAsTypes: true,
        skipTypename: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
