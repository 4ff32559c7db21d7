// The document database backend: the SDK's Database on better-sqlite3.
export { openDocumentDatabase } from './document-database.js';
export type { DocumentDatabase, OpenDocumentDatabaseOptions } from './document-database.js';
export { DatabaseError } from './errors.js';
export type { DatabaseErrorCode } from './errors.js';
export { DocumentCursor } from './cursor.js';
