/**
 * A real Chromium for the dashboard's end-to-end test: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download). Also the stand-in for Docker Desktop: a fake window.ddClient whose vm.service forwards to the
 * hub over fetch, as Desktop forwards to the extension's socket (extension.md §5.3 item 5).
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
export function launchChromium(): Promise<Browser> {
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
