/** Reading a file the user named, with an error that says which one. */
import { readFile } from "node:fs/promises";
import { CliError } from "./errors.js";

export async function readUserFile(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
}
