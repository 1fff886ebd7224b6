import { useSyncExternalStore } from "react";
import { Box, Tab, Tabs } from "@mui/material";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { getToken, inDockerDesktop, setToken, subscribeToken, tokenRejected } from "./api";
import { HubHeader, hubState } from "./components/HubHeader";
import { TokenPrompt } from "./components/TokenPrompt";
import { pages } from "./pages/registry";
import { useHubEvents } from "./queries/useHubEvents";
import { useStatus } from "./queries/useStatus";

function useToken(): string | null {
  return useSyncExternalStore(subscribeToken, getToken);
}

/** Header, tabs and the current page; only once the API is reachable with credentials. */
function Shell() {
  const status = useStatus();
  const location = useLocation();
  const current = pages.find((p) => p.path === location.pathname)?.path ?? false;
  return (
    <>
      <HubHeader version={status.data?.version} state={hubState(status)} />
      {/* Scrollable: more pages (Registry, Migrate) fit at the Desktop tab's narrowest without wrapping. */}
      <Tabs
        value={current}
        aria-label="Pages"
        variant="scrollable"
        scrollButtons="auto"
        sx={{ borderBottom: 1, borderColor: "divider" }}
      >
        {pages.map((page) => (
          <Tab
            key={page.path}
            value={page.path}
            label={page.label}
            component={Link}
            to={page.path}
            // Without MUI's 90px minimum a short label ("Docker") gets no more room than a long one: even gaps.
            sx={{ minWidth: "auto", px: 2 }}
          />
        ))}
      </Tabs>
      <Box component="main" sx={{ pt: 3 }}>
        <Routes>
          {pages.map(({ path, Component }) => (
            <Route key={path} path={path} element={<Component />} />
          ))}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Box>
    </>
  );
}

export function App() {
  const desktop = inDockerDesktop();
  const token = useToken();
  const signedIn = desktop || Boolean(token);
  useHubEvents(signedIn);

  if (!signedIn) return <TokenPrompt rejected={tokenRejected()} onToken={setToken} />;
  return (
    <Box sx={{ p: desktop ? 0 : 3 }}>
      <Shell />
    </Box>
  );
}
