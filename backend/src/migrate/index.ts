/** Migration: client configs scanned, planned, and run into hardened images behind the hub, with a way back. */
export { createMigrations, type Migrations, type MigrationsOptions } from "./migrations.js";
export { createProbes, type ProbeOptions } from "./probes.js";
export { MigrationConflict, MigrationNotFound } from "./errors.js";
export { MIGRATIONS_DIR } from "./store.js";
// The CLI packs local scripts' folders on the user's machine as the hub does from its own mount of the home.
export { packScriptFolders } from "./scriptFolders.js";
export { packScriptFolder } from "./folderTar.js";
// The host helper reads the files on the user's machine the way the hub reads its own mount of the home.
export { readClientFiles, type LocalClientFiles } from "./localFiles.js";
