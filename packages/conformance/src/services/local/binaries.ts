import { access, constants, readdir } from "node:fs/promises";
import { delimiter, join } from "node:path";

// Server binaries often live in sbin or a versioned directory that is not on a user's PATH.
const EXTRA_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/libexec", "/opt/homebrew/bin"];

/** The first of `names` found on PATH, in the usual sbin directories, or in `moreDirs`; undefined when none is. */
export async function findBinary(names: readonly string[], moreDirs: readonly string[] = []): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter(Boolean), ...EXTRA_DIRS, ...moreDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  return undefined;
}

/** The bin directories of installed PostgreSQL versions (Debian's /usr/lib/postgresql/<v>/bin), newest first. */
export async function postgresBinDirs(): Promise<string[]> {
  try {
    const versions = await readdir("/usr/lib/postgresql");
    return versions
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => join("/usr/lib/postgresql", version, "bin"));
  } catch {
    return [];
  }
}

/** The binary, or an Error saying which names were looked for. */
export async function requireBinary(names: readonly string[], moreDirs: readonly string[] = []): Promise<string> {
  const found = await findBinary(names, moreDirs);
  if (found === undefined) throw new Error(`none of ${names.join(", ")} is installed (looked on PATH and in sbin)`);
  return found;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
