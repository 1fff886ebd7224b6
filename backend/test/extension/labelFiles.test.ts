/**
 * The Marketplace loads the extension's icon and screenshots from the URLs in the image labels; a URL into this
 * repository that names a missing file shows as a broken image. Read from the Dockerfile, so no build is needed.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkLabelFiles,
  dockerfileLabels,
  labelRepositoryFiles,
} from "../../../scripts/validate-extension.mjs";

const root = resolve(import.meta.dirname, "../../..");
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const SCREENSHOTS = "com.docker.extension.screenshots";

describe("repository files the extension's labels point at", () => {
  it("all exist, the icon and every screenshot among them", () => {
    expect(checkLabelFiles(dockerfile)).toEqual([]);
    const { labels, projectUrl } = dockerfileLabels(dockerfile);
    const files = labelRepositoryFiles(labels, projectUrl!);
    expect(files.map((f) => f.label)).toContain("com.docker.desktop.extension.icon");
    const screenshots = (JSON.parse(labels[SCREENSHOTS]!) as { url: string }[]).map((s) => s.url);
    expect(screenshots.length).toBeGreaterThan(0);
    // Every screenshot is served from this repository, so the check above covers each one.
    expect(files.filter((f) => f.label === SCREENSHOTS).map((f) => f.url)).toEqual(screenshots);
  });

  it("names a screenshot that is not in the repository", () => {
    const broken = dockerfile.replace(/docs\/screenshots\/servers\.png/, "docs/screenshots/nowhere.png");
    expect(broken).not.toBe(dockerfile);
    expect(checkLabelFiles(broken)).toEqual([
      `labels: ${SCREENSHOTS} points at docs/screenshots/nowhere.png, which is not in the repository`,
    ]);
  });

  it("reads the extension stage's ARG defaults and ignores links that are not files of this repository", () => {
    const text = [
      "FROM scratch AS other",
      'LABEL com.docker.extension.screenshots="[{\\"alt\\":\\"x\\",\\"url\\":\\"https://example.com/p/raw/main/gone.png\\"}]"',
      "FROM scratch AS extension",
      "ARG PROJECT_URL=https://example.com/p",
      'LABEL com.docker.extension.publisher-url="${PROJECT_URL}" \\',
      '      com.docker.extension.additional-urls="[{\\"title\\":\\"Docs\\",\\"url\\":\\"${PROJECT_URL}#readme\\"}]" \\',
      '      com.docker.extension.detailed-description="<a href=\\"https://elsewhere.example/raw/main/x.png\\">x</a>" \\',
      '      com.docker.desktop.extension.icon="${PROJECT_URL}/raw/v1/icons/missing%20icon.svg"',
    ].join("\n");
    const { labels, projectUrl } = dockerfileLabels(text);
    expect(projectUrl).toBe("https://example.com/p");
    expect(labels["com.docker.extension.publisher-url"]).toBe("https://example.com/p");
    // Only the icon is a file here; the other stage's label is not the extension's.
    expect(checkLabelFiles(text, root)).toEqual([
      "labels: com.docker.desktop.extension.icon points at icons/missing icon.svg, which is not in the repository",
    ]);
  });
});
