// The document database on PostgreSQL (database.url: postgres://…). Imports pg: load this module
// only when a PostgreSQL database is used.
export { openPostgresDatabase } from './postgres-database.js';
export type { OpenPostgresDatabaseOptions, PostgresDocumentDatabase } from './postgres-database.js';
export { maskUrl } from './pg-errors.js';
