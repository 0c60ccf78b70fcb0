// Files only this server's user may read: the SQLite database (every tenant's data and the API
// key hashes), the generated API key files and the generated key-encryption secret. Folders
// the server creates for them are 0700, the files 0600; an existing file is tightened to 0600
// (an older version may have left it readable), an existing folder is left as it is.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";

const PRIVATE_DIR_MODE = 0o700;
const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` (and missing parents) readable by this user only. */
function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Makes sure `file` exists, empty if new, readable by this user only (its folder too, if new). */
export function ensurePrivateFile(file: string): void {
  ensurePrivateDir(path.dirname(file));
  closeSync(openSync(file, "a", PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Writes `content` to `file`, readable by this user only; `exclusive` fails if it exists. */
export function writePrivateFile(file: string, content: string, exclusive = false): void {
  ensurePrivateDir(path.dirname(file));
  writeFileSync(file, content, { mode: PRIVATE_FILE_MODE, flag: exclusive ? "wx" : "w" });
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Tightens the files that exist among `files` to 0600. */
export function tightenExisting(...files: string[]): void {
  for (const file of files) if (existsSync(file)) chmodSync(file, PRIVATE_FILE_MODE);
}
