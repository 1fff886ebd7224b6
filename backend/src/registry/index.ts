export {
  ImageInUse,
  Registry,
  REGISTRY_DEFAULTS,
  type DeletedTag,
  type RegistryOptions,
  type RegistryStatus,
  type UsedTag,
} from "./registry.js";
export {
  REGISTRY_COMPONENT_LABEL,
  isPortTaken,
  type GarbageCollection,
  type NotificationTarget,
} from "./container.js";
export {
  RegistryClient,
  RegistryNotFound,
  RegistryRefused,
  RegistryUnavailable,
  MANIFEST_TYPES,
} from "./client.js";
export type { PlatformView, RepositoryView, TagView } from "./inventory.js";
export {
  parseTagReference,
  refersToLocal,
  repositoryNameSchema,
  tagSchema,
  type TagReference,
} from "./reference.js";
