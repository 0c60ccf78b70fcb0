// In-code migration list (no file-system scanning, so it works the same from `src/` under tsx
// and from `dist/`). Names sort in application order: add a new `NNNN_name.ts` next to this
// file and one line below.
import type { Migration, MigrationProvider } from "kysely";
import * as initial from "./0001_initial.js";

const migrations: Record<string, Migration> = {
  "0001_initial": initial,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
