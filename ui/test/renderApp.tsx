import { render } from "@testing-library/react";
import { CssBaseline } from "@mui/material";
import { DockerMuiV6ThemeProvider } from "@docker/docker-mui-theme";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { HashRouter } from "react-router";
import { App } from "../src/App";
import { setToken } from "../src/api/token";
import { NotifierProvider } from "../src/components/Notifier";

/** The app with the same providers as main.tsx, at a hash route. */
export function renderApp(route = "/") {
  window.location.hash = `#${route}`;
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <QueryClientProvider client={queryClient}>
      <DockerMuiV6ThemeProvider>
        <CssBaseline />
        <NotifierProvider>
          <HashRouter>
            <App />
          </HashRouter>
        </NotifierProvider>
      </DockerMuiV6ThemeProvider>
    </QueryClientProvider>,
  );
}

/** The standalone dashboard over a fake hub, signed in with its token, at a hash route. */
export function renderStandalone(hub: { installStandalone(token: string): unknown }, route = "/") {
  hub.installStandalone("tok");
  setToken("tok");
  return renderApp(route);
}
