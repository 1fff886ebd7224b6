import { Arg, DockerfileParser, Env, From, type Instruction, type Property } from "dockerfile-ast";
import { isSecretName } from "./redact.js";

export interface Finding {
  severity: "error" | "warning" | "info";
  rule: string;
  /** Where: "line 3" in a Dockerfile, "services.web.ports[0]" in a compose file. */
  where: string;
  message: string;
  fix: string;
}

const line = (i: Instruction) => `line ${i.getRange().start.line + 1}`;

/** An image reference's pinning: by digest, by a version tag, or not at all. */
export function pinningOf(ref: string): "digest" | "tag" | "latest" | "none" {
  if (ref.includes("@sha256:")) return "digest";
  const last = ref.slice(ref.lastIndexOf("/") + 1);
  if (!last.includes(":")) return "none";
  return last.endsWith(":latest") ? "latest" : "tag";
}

export const UNPINNED_FIX =
  'pin a version tag (e.g. "node:22.11-slim") or, better, a digest (image@sha256:…)';

/** Checks a Dockerfile's text: base image pinning, user, healthcheck, secrets in ENV and ARG. */
export function checkDockerfile(text: string): Finding[] {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const findings: Finding[] = [];
  const stages = new Set<string>();
  let finalStage: Instruction[] = [];
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof From) {
      const from = instruction;
      const image = from.getImage() ?? "";
      const stage = from.getBuildStage();
      if (image && image !== "scratch" && !stages.has(image.toLowerCase()) && !image.includes("$")) {
        const pinning = pinningOf(image);
        if (pinning === "none" || pinning === "latest")
          findings.push({
            severity: "warning",
            rule: pinning === "latest" ? "latest-tag" : "unpinned-image",
            where: line(instruction),
            message: `FROM ${image} ${pinning === "latest" ? 'uses the moving "latest" tag' : "has no tag"}: each build may get a different base`,
            fix: UNPINNED_FIX,
          });
      }
      if (stage) stages.add(stage.toLowerCase());
      finalStage = [];
    }
    finalStage.push(instruction);
    const properties: (Property | null)[] =
      instruction instanceof Env
        ? instruction.getProperties()
        : instruction instanceof Arg
          ? [instruction.getProperty()]
          : [];
    for (const property of properties) {
      if (!property) continue;
      const value = property.getValue();
      if (isSecretName(property.getName()) && value && !value.startsWith("$"))
        findings.push({
          severity: keyword === "ENV" ? "error" : "warning",
          rule: "secret-in-image",
          where: line(instruction),
          message: `${keyword} ${property.getName()} holds a secret-looking value, which stays readable in the image's layers and history`,
          fix: "pass it at run time instead (the container's environment), or use a build secret (RUN --mount=type=secret)",
        });
    }
  }
  if (!instructions.length)
    return [
      {
        severity: "error",
        rule: "empty",
        where: "line 1",
        message: "the Dockerfile has no instructions",
        fix: "start with FROM <image>",
      },
    ];
  const users = finalStage.filter((i) => i.getKeyword() === "USER");
  const lastUser = users.at(-1)?.getArgumentsContent()?.trim().split(":")[0];
  if (!lastUser || lastUser === "root" || lastUser === "0")
    findings.push({
      severity: "warning",
      rule: "runs-as-root",
      where: users.length ? line(users.at(-1)!) : "final stage",
      message: lastUser
        ? "the image runs as root"
        : "no USER in the final stage: the image runs as root unless its base says otherwise",
      fix: "create a user and switch to it: RUN useradd --uid 10001 app, then USER 10001",
    });
  if (!finalStage.some((i) => i.getKeyword() === "HEALTHCHECK"))
    findings.push({
      severity: "warning",
      rule: "no-healthcheck",
      where: "final stage",
      message: "no HEALTHCHECK: Docker cannot tell a hung container from a healthy one",
      fix: "add one, e.g. HEALTHCHECK --interval=10s CMD wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1",
    });
  return findings;
}
