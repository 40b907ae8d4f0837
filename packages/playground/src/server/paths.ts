// Where the playground's files are: its sources, the built bundle, and the repository root.
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const PLAYGROUND_DIR = join(REPO_ROOT, "packages/playground");
/** The built page (git-ignored, like every dist/). */
export const DIST_DIR = join(PLAYGROUND_DIR, "dist");
