// The API's request and response types come from the server's own schemas (see
// packages/server/src/api-types.ts); the console declares none of its own.
export type * from '@vigil/server/api-types';
