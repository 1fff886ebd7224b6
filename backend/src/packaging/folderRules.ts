/**
 * What of a local script's folder never goes into its image: installed or generated files (rebuilt, or useless, in
 * the image) and credentials (a migrated server gets its secrets as environment variables instead). The host side
 * leaves them out when it packs the folder, and the packager again when it reads the tar.
 */
const LEFT_OUT_FOLDERS = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  ".venv",
  "venv",
  "__pycache__",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".tox",
  // Credentials
  ".ssh",
  ".aws",
  ".gnupg",
  ".docker",
  ".kube",
]);
const CREDENTIAL_FILES =
  /^(?:\.env(?:\.(?!example$|sample$|template$).+)?|\.npmrc|\.pypirc|\.netrc|\.git-credentials)$/;

/** A folder (by its name) left out of the image with all it holds. */
export const isLeftOutFolder = (name: string) => LEFT_OUT_FOLDERS.has(name);

/** A file (by its name) that holds credentials: never in the image. */
export const isCredentialFile = (name: string) => CREDENTIAL_FILES.test(name);
