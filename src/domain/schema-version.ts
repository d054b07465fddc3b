// The contract's schema version, kept apart from the zod schemas so the CLI need not load zod.
export const SCHEMA_VERSION = '1';
