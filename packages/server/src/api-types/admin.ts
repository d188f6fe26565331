// API types of the console's admin pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
export {};
