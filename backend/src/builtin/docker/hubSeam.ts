import { confirm, refusal } from "../../hub/index.js";
import { VERSION } from "../../version.js";
import type { HubSeam } from "./toolKit.js";

/** The hub's confirmation and refusal, and its version, as the module's lazily loaded code receives them. */
export const HUB_SEAM: HubSeam = { confirm, refusal, version: VERSION };
