export {
  ImageInUse,
  Registry,
  RegistryDisabled,
  REGISTRY_DEFAULTS,
  type DeletedTag,
  type RegistryOptions,
  type RegistryStatus,
  type UsedRepository,
  type UsedTag,
} from "./registry.js";
export { REGISTRY_COMPONENT_LABEL, isPortTaken, type NotificationTarget } from "./container.js";
export {
  RegistryClient,
  RegistryNotFound,
  RegistryRefused,
  RegistryUnavailable,
  MANIFEST_TYPES,
} from "./client.js";
export type { PlatformView, RepositoryView, TagView } from "./inventory.js";
export { localReference, parseTagReference, refersToLocal, type TagReference } from "./reference.js";
