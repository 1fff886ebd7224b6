import { containerIoTools } from "./containerIoTools.js";
import { containerTools } from "./containerTools.js";
import { execTools } from "./execTools.js";
import { imageTools } from "./imageTools.js";
import { networkTools } from "./networkTools.js";
import { runContainer } from "./runContainer.js";
import { stackTools } from "./stackTools.js";
import { systemTools } from "./systemTools.js";
import type { DockerTool } from "./toolKit.js";
import { validateConfig } from "./validateTool.js";
import { volumeTools } from "./volumeTools.js";

/** Every tool of the docker module, in the order tools/list shows them. */
export const DOCKER_TOOLS: readonly DockerTool[] = [
  ...containerTools.slice(0, 2),
  runContainer,
  ...containerTools.slice(2),
  ...containerIoTools,
  ...execTools,
  ...imageTools,
  ...networkTools,
  ...volumeTools,
  ...systemTools,
  ...stackTools,
  validateConfig,
];
