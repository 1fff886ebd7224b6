import { CommanderError } from "commander";
import { CliError, createProgram, EXIT } from "./cli/index.js";
import { errorMessage } from "./errors/index.js";

/** Entry of the `mcp-hub` command. */
try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit 0; usage errors were already printed by commander.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else if (error instanceof CliError) {
    process.stderr.write(`mcp-hub: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    process.stderr.write(`mcp-hub: ${errorMessage(error)}\n`);
    process.exitCode = EXIT.failed;
  }
}
