// API types of the console's monitoring pages (see ../api-types.ts for the rules: type-only, from schema
// modules that import nothing of the server).
export {};
