import { z } from "zod";
import { checkCompose } from "./composeChecks.js";
import { checkDockerfile, type Finding } from "./dockerfileChecks.js";
import { defineTool, Refusal } from "./toolKit.js";

export const validateConfig = defineTool({
  name: "validate_config",
  kind: "read",
  description:
    "Review a Dockerfile or a compose file: unpinned or latest tags, running as root, privileged, host network or PID, Docker socket mounts, secrets in the environment, " +
    "missing healthchecks and resource limits, ports published on every interface. Each finding has a reason and a fix. Reads only the text given.",
  input: {
    dockerfile: z.string().optional().describe("A Dockerfile's text"),
    compose: z.string().optional().describe("A compose file's YAML text"),
  },
  async run(args) {
    if (!args.dockerfile && !args.compose)
      throw new Refusal("Refused: give dockerfile or compose (or both).");
    const findings: (Finding & { file: string })[] = [
      ...(args.dockerfile ? checkDockerfile(args.dockerfile).map((f) => ({ file: "Dockerfile", ...f })) : []),
      ...(args.compose ? checkCompose(args.compose).map((f) => ({ file: "compose", ...f })) : []),
    ];
    const count = (severity: Finding["severity"]) => findings.filter((f) => f.severity === severity).length;
    return {
      summary: findings.length
        ? `${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes`
        : "no findings",
      data: { findings },
    };
  },
});
