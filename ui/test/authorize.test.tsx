import { describe, expect, it, vi } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { fakeHub } from "./fakeHub";
import { renderApp } from "./renderApp";

const issuer = "https://auth.tracker.example/";
const tracker = {
  name: "tracker",
  kind: "remote",
  transport: "http",
  state: "needs-authorization",
  since: "",
  restarts: 0,
  breaker: "closed",
  enabled: true,
  lastError: "not authorized yet",
  config: { kind: "remote", name: "tracker", url: "https://tracker.example/mcp", headerSecrets: {} },
  counts: { tools: 0, prompts: 0, resources: 0, resourceTemplates: 0 },
  authorization: {
    status: "required",
    authorizationServer: issuer,
    scopes: [],
    refreshable: false,
    lastError: "the authorization server refused to renew it (invalid_grant: revoked)",
    client: "dynamic",
    redirectUri: "http://127.0.0.1:3010/oauth/callback",
  },
};
const page = {
  server: "tracker",
  authorizationUrl: `${issuer}authorize?client_id=abc&state=s1&code_challenge=c`,
  authorizationServer: issuer,
  scopes: ["issues:read", "issues:write"],
  redirectUri: "http://127.0.0.1:3010/oauth/callback",
  expiresAt: new Date(Date.now() + 600_000).toISOString(),
};

describe("Authorize", () => {
  it("shows the provider and scopes first, then opens the page in the system browser inside Docker Desktop", async () => {
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers: [tracker] }),
      "GET /api/servers/tracker/tools": () => ({ tools: [] }),
      "POST /api/servers/tracker/auth": () => page,
    });
    hub.installDesktop();
    const openExternal = vi.fn();
    Object.assign((window as unknown as { ddClient: object }).ddClient, { host: { openExternal } });
    const user = userEvent.setup();
    renderApp("/servers");
    const row = (await screen.findByRole("button", { name: "tracker" })).closest("tr")!;
    expect(within(row).getByText("needs-authorization")).toBeInTheDocument();

    await user.click(within(row).getByRole("button", { name: "Authorize" }));
    const dialog = await screen.findByRole("dialog", { name: "Authorize tracker" });
    expect(await within(dialog).findByText("issues:write")).toBeInTheDocument();
    expect(within(dialog).getByText(issuer)).toBeInTheDocument();
    expect(openExternal).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole("link", { name: "Open authorization page" }));
    expect(openExternal).toHaveBeenCalledWith(page.authorizationUrl);
    expect(hub.calls.filter((c) => c.method === "POST").map((c) => c.path)).toEqual([
      "/api/servers/tracker/auth",
    ]);
  });

  /** The authorization panel of a server the API answers with. */
  const panelOf = async (server: object) => {
    fakeHub({
      "GET /api/servers": () => ({ servers: [server] }),
      "GET /api/servers/tracker/tools": () => ({ tools: [] }),
    }).installDesktop();
    renderApp("/servers?server=tracker");
    return screen.findByRole("region", { name: "Authorization of tracker" });
  };

  it("shows the authorization's last error as the reason to authorize again", async () => {
    const panel = await panelOf(tracker);
    expect(within(panel).getByRole("alert")).toHaveTextContent(
      "Needs authorization: the authorization server refused to renew it (invalid_grant: revoked)",
    );
  });

  it("shows the last error beside an authorization that still holds", async () => {
    const lastError = "renewing the access token failed: fetch failed (ECONNRESET)";
    const panel = await panelOf({
      ...tracker,
      state: "ready",
      lastError: undefined,
      authorization: { ...tracker.authorization, status: "authorized", refreshable: true, lastError },
    });
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
    const row = within(panel).getByRole("rowheader", { name: "Last error" }).closest("tr")!;
    expect(within(row).getByText(lastError)).toBeInTheDocument();
  });

  it("shows the authorization state of a server, never a token, and revokes it", async () => {
    const authorized = {
      ...tracker,
      state: "ready",
      lastError: undefined,
      authorization: {
        ...tracker.authorization,
        status: "authorized",
        scopes: ["issues:read"],
        refreshable: true,
        expiresAt: "2026-12-07T07:00:00.000Z",
        authorizedAt: "2026-12-07T06:00:00.000Z",
        lastRefreshAt: "2026-12-07T06:30:00.000Z",
        lastError: undefined,
      },
    };
    const hub = fakeHub({
      "GET /api/servers": () => ({ servers: [authorized] }),
      "GET /api/servers/tracker/tools": () => ({ tools: [] }),
      "DELETE /api/servers/tracker/auth": () => tracker,
    });
    hub.installDesktop();
    const user = userEvent.setup();
    renderApp("/servers?server=tracker");
    const panel = await screen.findByRole("region", { name: "Authorization of tracker" });
    expect(within(panel).getByText("authorized")).toBeInTheDocument();
    expect(within(panel).getByText("issues:read")).toBeInTheDocument();
    expect(within(panel).getByText(/^until revoked/)).toBeInTheDocument();
    expect(
      within(panel).getByText(new Date("2026-12-07T06:30:00.000Z").toLocaleString()),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Authorize" })).not.toBeInTheDocument();
    await user.click(within(panel).getByRole("button", { name: "Revoke" }));
    expect(hub.calls.some((c) => c.method === "DELETE" && c.path === "/api/servers/tracker/auth")).toBe(true);
  });
});
