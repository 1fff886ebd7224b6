export * from "./types.js";
export { profileFor, DEFAULT_USER, TMPFS_OPTIONS, type ProfileInput } from "./profiles.js";
export { toHostConfig, type HardenedHostConfig } from "./hostConfig.js";
export { configHash, toLabels } from "./labels.js";
export { createDockerRuntime, type DockerRuntimeOptions } from "./docker/dockerRuntime.js";
export { statusCodeOf, type DockerApi } from "./docker/dockerApi.js";
export { ImageBuildFailed, type ImageBuild, type ImageEngine, type ImageSummary } from "./images.js";
export { createDockerImages } from "./docker/dockerImages.js";
