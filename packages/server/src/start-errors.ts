// Why a start failed, in one line that names the variable to change, for the failures an
// operator causes and can mend: the port taken or forbidden, an address this machine does not
// have, a database that cannot be reached or opened. Anything else is a bug and keeps its stack.
import { displayDatabaseUrl, type Config } from "./config.js";

/** A start that failed for a reason the operator fixes in the environment (exit code 78). */
export class StartError extends Error {
  override name = "StartError";
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
};

/** The listen error as a StartError naming PORT or HOST, or the error itself when it is none of those. */
export function listenError(error: unknown, config: Pick<Config, "host" | "port">): unknown {
  const where = `cannot listen on ${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  const otherPort = config.port === 65535 ? 4000 : config.port + 1;
  switch (codeOf(error)) {
    case "EADDRINUSE":
      return new StartError(
        `${where}: the port is already in use (another server, or an earlier npm start still running). Stop it, or set PORT to a free port, e.g. PORT=${otherPort}`,
      );
    case "EACCES":
      return new StartError(`${where}: permission denied (ports below 1024 need privileges). Set PORT to a higher port, e.g. PORT=4000`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StartError(
        `${where}: this machine has no such address. Set HOST to one of its addresses: HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every interface)`,
      );
    default:
      return error;
  }
}

/** PostgreSQL's and the network's codes for a database that is not there or refuses us. */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ECONNRESET", "28P01", "28000", "3D000"]);
/** A file or folder the server cannot create or write. */
const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR", "ENOSPC"]);

interface Cause {
  code: string;
  message: string;
  path?: string;
}

/** The error, or the first of its causes, that carries a system or PostgreSQL code. */
function coded(error: unknown): Cause | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = codeOf(current);
    if (code) {
      const path = (current as { path?: unknown }).path;
      return { code, message: current.message, ...(typeof path === "string" ? { path } : {}) };
    }
  }
  return undefined;
}

/**
 * An error while opening the database or the data folder, as a StartError naming DATABASE_URL
 * or DATA_DIR; the error itself when it is neither.
 */
export function setupError(error: unknown, config: Pick<Config, "databaseUrl" | "dataDir">): unknown {
  const cause = coded(error);
  if (!cause) return error;
  const url = displayDatabaseUrl(config.databaseUrl);
  if (config.databaseUrl.startsWith("postgres") && UNREACHABLE.has(cause.code)) {
    return new StartError(`cannot use the database DATABASE_URL=${url}: ${cause.message}. Check that PostgreSQL runs there and accepts these credentials, or change DATABASE_URL`);
  }
  if (/^SQLITE_(CANTOPEN|READONLY|NOTADB|CORRUPT|PERM)/.test(cause.code)) {
    return new StartError(`cannot open the database DATABASE_URL=${url}: ${cause.message}. Check the file and its folder (this user must be able to write them), or change DATABASE_URL`);
  }
  if (UNWRITABLE.has(cause.code) && cause.path !== undefined) {
    const rule = cause.path.startsWith(config.dataDir)
      ? `DATA_DIR=${config.dataDir} must name a folder this user can create and write`
      : `DATABASE_URL=${url} must name a file in a folder this user can create and write`;
    return new StartError(`cannot write ${cause.path} (${cause.code}). ${rule}: change it, or fix the folder`);
  }
  return error;
}
