import { useSyncExternalStore } from "react";
import { Box, Tab, Tabs, Typography } from "@mui/material";
import { Link, Navigate, Route, Routes, useLocation } from "react-router";
import { getToken, inDockerDesktop, setToken, subscribeToken, tokenRejected } from "./api";
import { TokenPrompt } from "./components/TokenPrompt";
import { pages } from "./pages/registry";
import { useHubEvents } from "./queries/useHubEvents";

function useToken(): string | null {
  return useSyncExternalStore(subscribeToken, getToken);
}

export function App() {
  const desktop = inDockerDesktop();
  const token = useToken();
  const signedIn = desktop || Boolean(token);
  useHubEvents(signedIn);
  const location = useLocation();

  if (!signedIn) return <TokenPrompt rejected={tokenRejected()} onToken={setToken} />;
  const current = pages.find((p) => p.path === location.pathname)?.path ?? false;
  return (
    <Box sx={{ p: desktop ? 0 : 3 }}>
      <Typography variant="h3" component="h1" sx={{ mb: 1 }}>
        MCP Hub
      </Typography>
      <Tabs value={current} aria-label="Pages" sx={{ mb: 3 }} variant="scrollable">
        {pages.map((page) => (
          <Tab key={page.path} value={page.path} label={page.label} component={Link} to={page.path} />
        ))}
      </Tabs>
      <main>
        <Routes>
          {pages.map(({ path, Component }) => (
            <Route key={path} path={path} element={<Component />} />
          ))}
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </Box>
  );
}
