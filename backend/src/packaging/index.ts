export { createPackager, type BuildOptions, type Packager, type PackagerDeps } from "./packager.js";
export { PackagingFailed, type PackagingStep } from "./errors.js";
export { HANDSHAKE_LABEL, type HandshakeOptions } from "./handshake.js";
export { PACKAGING_HASH_LABEL } from "./buildContext.js";
export { BUILD_STAGE_LABEL, TSX_VERSION } from "./recipes.js";
export { SCRIPT_FOLDER_LIMITS } from "./scriptFolder.js";
export { isCredentialFile, isLeftOutFolder } from "./folderRules.js";
export {
  NPMRC_SECRET,
  PACKAGING_DEFAULTS,
  packagingSettings,
  type PackagingSettings,
  type PackagingSettingsSources,
} from "./settings.js";
export { probePythonIndex, PYTHON_INDEX_URL } from "./pythonIndex.js";
