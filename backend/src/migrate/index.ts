/** Migration: client configs scanned, planned, and run into hardened images behind the hub, with a way back. */
export { createMigrations, type Migrations, type MigrationsOptions } from "./migrations.js";
export { createProbes, type ProbeOptions } from "./probes.js";
export { MigrationConflict, MigrationNotFound } from "./errors.js";
export { MIGRATIONS_DIR } from "./store.js";
// What a client path with `~`, `${userHome}` or `${workspaceFolder}` stands for (the CLI finds a script's folder).
export { resolvePath } from "./placeholders.js";
// The host helper reads the files on the user's machine the way the hub reads its own mount of the home.
export { readClientFiles, type LocalClientFiles } from "./localFiles.js";
