// `npm start`'s first step, run from source (tsx) before the build: the environment is read and
// checked exactly as the server will read it, so a bad variable (`PORT=abc`) is refused in a
// second, with one line naming it and what it allows, exit code 78, before anything is built,
// opened or listened on. The server checks again when it starts (the same `loadConfig`).
import { CONFIG_EXIT_CODE, ConfigError, loadConfig } from "./config.js";

try {
  loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`configuration error: ${error.message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}
