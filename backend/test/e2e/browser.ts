/**
 * A real Chromium for the dashboard's end-to-end test: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download). Also the stand-in for Docker Desktop: a fake window.ddClient whose vm.service forwards to the
 * hub over fetch, as Desktop forwards to the extension's socket.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/**
 * Headless and quiet: nothing outside the test may be contacted (it is refused here, and would slow every launch).
 * playwright gives each launch a fresh temporary profile (--user-data-dir) and removes it on close.
 */
export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable())
    throw new Error(
      `no Chromium at ${CHROMIUM}: \`make chromium\` installs Debian's (apt-get, as root), or set CHROMIUM_PATH to one`,
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", // runs as root in CI containers, where the sandbox cannot start
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** What the fake Desktop client records, read back with page.evaluate. */
export interface DesktopCall {
  method: string;
  path: string;
}

/** The page's global object as these scripts see it (the backend's TypeScript has no DOM types). */
export type PageGlobals = { __e2eDesktopCalls?: DesktopCall[] } & Record<string, unknown>;

/** For page.evaluate: the calls the fake Desktop client has forwarded so far. */
export function desktopCalls(): DesktopCall[] {
  return (globalThis as unknown as PageGlobals).__e2eDesktopCalls ?? [];
}

/**
 * Runs in the page before the UI's scripts (page.addInitScript): the subset of Docker Desktop's client the UI uses.
 * vm.service.* resolves with the parsed JSON body and rejects with {statusCode, message: <body text>} like Desktop's
 * ServiceError. Desktop also injects its MUI themes; without them DockerMuiV6ThemeProvider throws.
 * Self-contained on purpose: playwright serialises it into the page.
 */
export function fakeDockerDesktop({ token }: { token: string }): void {
  const page = globalThis as unknown as PageGlobals;
  const calls: DesktopCall[] = [];
  page.__e2eDesktopCalls = calls;
  const call = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    calls.push({ method, path });
    const response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw { statusCode: response.status, message: text };
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return text;
    }
  };
  const ignore = () => undefined;
  Object.assign(page, {
    ddClient: {
      extension: {
        vm: {
          service: {
            get: (path: string) => call("GET", path),
            post: (path: string, body: unknown) => call("POST", path, body),
            put: (path: string, body: unknown) => call("PUT", path, body),
            delete: (path: string) => call("DELETE", path),
            request: (config: { method: string; url: string; data?: unknown }) =>
              call(config.method.toUpperCase(), config.url, config.data),
          },
        },
      },
      desktopUI: { toast: { success: ignore, warning: ignore, error: ignore } },
      host: { openExternal: ignore, platform: "linux" },
    },
    __ddMuiV6Themes: {
      light: { palette: { mode: "light", primary: { main: "#1d63ed" } } },
      dark: { palette: { mode: "dark", primary: { main: "#4d8bf5" } } },
    },
  });
}

/**
 * For page.evaluate: what breaks the layout at the current width. Action buttons and tabs whose label is cut off or
 * wrapped onto a second line, and a page wider than the window (it would scroll sideways). Empty = fine.
 */
export function layoutProblems(): string[] {
  type Rect = { top: number };
  type El = { textContent: string | null; scrollWidth: number; clientWidth: number };
  const doc = (
    globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number; clientWidth: number };
        querySelectorAll(selector: string): Iterable<El>;
        createRange(): { selectNodeContents(el: El): void; getClientRects(): Iterable<Rect> };
      };
    }
  ).document;
  const problems: string[] = [];
  const root = doc.documentElement;
  if (root.scrollWidth > root.clientWidth)
    problems.push(`page is ${root.scrollWidth} px wide in a ${root.clientWidth} px window`);
  // Action buttons and tabs (MUI's classes; list rows that are buttons hold two lines on purpose).
  for (const el of doc.querySelectorAll(".MuiButton-root, .MuiTab-root, .MuiToggleButton-root")) {
    const label = el.textContent?.trim();
    if (!label) continue;
    const range = doc.createRange();
    range.selectNodeContents(el);
    // Boxes on one line may sit a few px apart (an icon, a code span); a second line starts a line-height lower.
    const tops = [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b);
    const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 8).length;
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`"${label}" is cut off`);
    else if (lines > 1) problems.push(`"${label}" wraps onto ${lines} lines`);
  }
  return problems;
}
