#!/usr/bin/env node
// Checks the Docker Desktop extension the way `docker extension validate` and the Marketplace would, without Docker
// Desktop: metadata.json against the schema, the Compose file's conventions, the repository files
// the Dockerfile's labels point at and, with --image, the built image's labels and the files Desktop reads from it.
//
//   node scripts/validate-extension.mjs [--image mcp-hub-extension:0.1.0]      (make validate)
//
// The functions are exported for backend/test/extension; each returns a list of problems (empty = fine).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// ajv 8 and yaml are backend devDependencies; the repository root may hold an older ajv (eslint's).
const requireFromBackend = createRequire(join(root, "backend", "package.json"));
const Ajv = requireFromBackend("ajv").default;
const YAML = requireFromBackend("yaml");
const { DockerfileParser } = requireFromBackend("dockerfile-ast");

/**
 * The schemas: copies of the project's shared ones (shared/schemas) kept in scripts/schemas so a checkout validates
 * on its own; MCP_HUB_SCHEMAS points elsewhere (e.g. at a newer shared/schemas).
 */
export const schemaDir = process.env.MCP_HUB_SCHEMAS ?? join(root, "scripts", "schemas");
const readJson = (file) => JSON.parse(readFileSync(file, "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
const metadataSchema = () =>
  ajv.getSchema("extension-metadata.schema.json") ??
  ajv.compile(readJson(join(schemaDir, "extension-metadata.schema.json")));
const labelsSchema = () =>
  ajv.getSchema("extension-labels.schema.json") ??
  ajv.compile(readJson(join(schemaDir, "extension-labels.schema.json")));

const errorsOf = (validate, what) =>
  (validate.errors ?? []).map(
    (e) =>
      `${what}${e.instancePath || "(root)"}: ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ""}`,
  );

/** metadata.json: the schema, plus the socket the UI uses being the one the backend exposes. */
export function checkMetadata(metadata) {
  const validate = metadataSchema();
  const problems = validate(metadata) ? [] : errorsOf(validate, "metadata.json");
  const exposed = metadata?.vm?.exposes?.socket;
  const used = metadata?.ui?.["dashboard-tab"]?.backend?.socket;
  if (used !== exposed)
    problems.push(`metadata.json: ui backend socket "${used}" differs from vm.exposes.socket "${exposed}"`);
  return problems;
}

/** The Compose file Desktop runs: hub first with the literal image placeholder, socket, volume, ports. */
export function checkCompose(text, metadata) {
  const problems = [];
  let compose;
  try {
    compose = YAML.parse(text);
  } catch (error) {
    return [`compose: not valid YAML: ${error.message}`];
  }
  const services = Object.entries(compose?.services ?? {});
  if (!services.length) return ["compose: no services"];
  const [name, hub] = services[0];
  if (hub.image !== "${DESKTOP_PLUGIN_IMAGE}")
    problems.push(
      `compose: the first service (${name}) must use image \${DESKTOP_PLUGIN_IMAGE}; the SDK talks only to it`,
    );
  const socket = metadata?.vm?.exposes?.socket;
  const env = Array.isArray(hub.environment)
    ? Object.fromEntries(hub.environment.map((kv) => kv.split("=", 2)))
    : (hub.environment ?? {});
  if (env.SOCKET_PATH !== `/run/guest-services/${socket}`)
    problems.push(
      `compose: ${name} must set SOCKET_PATH=/run/guest-services/${socket} (got ${env.SOCKET_PATH})`,
    );
  const volumes = (hub.volumes ?? []).map(String);
  if (!volumes.includes("/var/run/docker.sock.raw:/var/run/docker.sock"))
    problems.push(`compose: ${name} needs /var/run/docker.sock.raw:/var/run/docker.sock`);
  for (const [volume, spec] of Object.entries(compose.volumes ?? {}))
    if (!spec?.name)
      problems.push(`compose: volume ${volume} needs an explicit name (volumes outlive the extension)`);
  for (const [service, spec] of services)
    for (const port of (spec.ports ?? []).map(String)) {
      const parts = port.split(":");
      if (parts.length < 3 || parts[0] !== "127.0.0.1")
        problems.push(`compose: ${service} publishes ${port}; bind 127.0.0.1`);
      if (parts.at(-2) === "5000")
        problems.push(`compose: ${service} publishes host port 5000 (macOS AirPlay holds it)`);
    }
  return problems;
}

/** The image's labels: the schema, the JSON-in-string labels parsed, the documented categories. */
export function checkLabels(labels) {
  const validate = labelsSchema();
  const problems = validate(labels) ? [] : errorsOf(validate, "labels");
  const schema = readJson(join(schemaDir, "extension-labels.schema.json"));
  const items = {
    "com.docker.extension.screenshots": ajv.compile(schema.definitions.screenshotItem),
    "com.docker.extension.additional-urls": ajv.compile(schema.definitions.additionalUrlItem),
  };
  for (const [label, validateItem] of Object.entries(items)) {
    if (labels?.[label] === undefined) continue;
    let value;
    try {
      value = JSON.parse(labels[label]);
    } catch (error) {
      problems.push(`labels: ${label} is not JSON: ${error.message}`);
      continue;
    }
    if (!Array.isArray(value) || !value.length)
      problems.push(`labels: ${label} must be a non-empty JSON array`);
    else
      value.forEach(
        (item, i) => validateItem(item) || problems.push(...errorsOf(validateItem, `labels: ${label}[${i}]`)),
      );
  }
  const documented = new Set(schema.definitions.documentedCategories.enum);
  for (const category of (labels?.["com.docker.extension.categories"] ?? "").split(",").filter(Boolean))
    if (!documented.has(category))
      problems.push(`labels: category "${category}" is not one Docker documents`);
  if (!/^\s*>=/.test(labels?.["com.docker.desktop.extension.api.version"] ?? ""))
    problems.push('labels: com.docker.desktop.extension.api.version should be a ">=" range');
  return problems;
}

/**
 * The labels a Dockerfile stage sets itself (default: the extension's), with `${ARG}`s replaced by the defaults
 * that stage declares: what `docker build` gives without --build-arg.
 */
export function dockerfileLabels(text, stage = "extension") {
  const dockerfile = DockerfileParser.parse(text);
  const from = dockerfile.getFROMs().find((f) => f.getBuildStage() === stage);
  if (!from) throw new Error(`Dockerfile: no stage named ${stage}`);
  const end = dockerfile.getFROMs().find((f) => f.getRange().start.line > from.getRange().start.line);
  const inStage = dockerfile
    .getInstructions()
    .filter(
      (i) =>
        i.getRange().start.line > from.getRange().start.line &&
        (!end || i.getRange().start.line < end.getRange().start.line),
    );
  const args = {};
  const labels = {};
  const expand = (value) =>
    value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced, bare) => args[braced ?? bare] ?? whole);
  for (const instruction of inStage) {
    if (instruction.getKeyword() === "ARG") {
      const property = instruction.getProperty();
      if (property?.getValue() != null) args[property.getName()] = expand(property.getValue());
    }
    if (instruction.getKeyword() === "LABEL")
      for (const property of instruction.getProperties())
        labels[property.getName()] = expand(property.getValue() ?? "");
  }
  return { labels, projectUrl: args.PROJECT_URL };
}

/**
 * Files of this repository that label URLs point at (`<project>/raw/<ref>/<path>` or `/blob/<ref>/<path>`): the
 * icon, the screenshots, any link in the descriptions. The Marketplace shows a broken image for a missing one.
 */
export function labelRepositoryFiles(labels, projectUrl) {
  const files = [];
  for (const [label, value] of Object.entries(labels))
    for (const url of value.match(/https?:\/\/[^\s"'<>]+/g) ?? []) {
      if (!url.startsWith(`${projectUrl}/`)) continue;
      const path = /^(?:raw|blob)\/[^/]+\/([^?#]+)/.exec(url.slice(projectUrl.length + 1))?.[1];
      if (path) files.push({ label, url, path: decodeURIComponent(path) });
    }
  return files;
}

/** Every repository file the extension's labels point at exists in this checkout. */
export function checkLabelFiles(dockerfileText, repoRoot = root) {
  const { labels, projectUrl } = dockerfileLabels(dockerfileText);
  if (!projectUrl) return ["Dockerfile: the extension stage declares no ARG PROJECT_URL default"];
  return labelRepositoryFiles(labels, projectUrl)
    .filter(({ path }) => !existsSync(join(repoRoot, path)))
    .map(({ label, path }) => `labels: ${label} points at ${path}, which is not in the repository`);
}

/** Paths Desktop reads from the image root, per metadata.json. */
export function requiredImagePaths(metadata) {
  const tab = metadata.ui?.["dashboard-tab"];
  const uiRoot = tab ? `/${tab.root.replace(/^\/+/, "")}` : undefined;
  return [
    "/metadata.json",
    `/${metadata.icon}`,
    ...(metadata.vm?.composefile ? [`/${metadata.vm.composefile}`] : []),
    ...(tab ? [`${uiRoot}/${tab.src}`] : []),
    ...(metadata.host?.binaries ?? []).flatMap((b) =>
      Object.values(b).flatMap((list) => list.map((x) => x.path)),
    ),
  ];
}

const docker = (args) =>
  execFileSync("docker", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** The built image: labels, the files Desktop reads, and metadata.json in the image equal to the checkout's. */
export function checkImage(image, metadata) {
  const labels = JSON.parse(docker(["image", "inspect", "--format", "{{json .Config.Labels}}", image]));
  const problems = checkLabels(labels ?? {});
  const paths = requiredImagePaths(metadata);
  // node is in the image (the hub runs on it): one container answers for every path, with no shell quoting.
  const probe = `const fs=require("fs");const p=${JSON.stringify(paths)};console.log(JSON.stringify({missing:p.filter(x=>!fs.existsSync(x)),metadata:fs.readFileSync("/metadata.json","utf8")}))`;
  const out = JSON.parse(
    docker(["run", "--rm", "--network", "none", "--entrypoint", "node", image, "-e", probe]),
  );
  for (const path of out.missing) problems.push(`image: ${path} is missing (metadata.json points at it)`);
  if (JSON.stringify(JSON.parse(out.metadata)) !== JSON.stringify(metadata))
    problems.push("image: /metadata.json differs from the checkout's");
  return problems;
}

function main() {
  const { values } = parseArgs({ options: { image: { type: "string" } } });
  const metadata = readJson(join(root, "metadata.json"));
  const problems = [
    ...checkMetadata(metadata),
    ...checkLabelFiles(readFileSync(join(root, "Dockerfile"), "utf8")),
  ];
  if (metadata.vm?.composefile)
    problems.push(...checkCompose(readFileSync(join(root, metadata.vm.composefile), "utf8"), metadata));
  if (values.image) problems.push(...checkImage(values.image, metadata));
  for (const problem of problems) process.stderr.write(`✗ ${problem}\n`);
  if (problems.length) process.exit(1);
  process.stdout.write(
    `✓ metadata.json, ${metadata.vm?.composefile ?? "no compose file"}, the files the labels point at${values.image ? ` and ${values.image}` : ""} look right\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
