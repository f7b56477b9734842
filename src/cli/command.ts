// The shape of one CLI command. Each command lives in its own file under commands/.
export interface Command {
  name: string;
  /** Full usage text for `droil <name> --help`. */
  usage: string;
  /** Runs the command; throws UserError for bad input. Returns the exit code. */
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input (for `-` file arguments), refusing more than `maxBytes` while reading. */
  readStdin: (maxBytes: number) => Promise<string>;
  /** Standard error is a terminal (progress rewrites one line in place there). */
  isTTY?: boolean;
}
