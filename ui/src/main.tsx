import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { CssBaseline } from "@mui/material";
import { DockerMuiV6ThemeProvider } from "@docker/docker-mui-theme";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { HashRouter } from "react-router";
import { App } from "./App";
import { NotifierProvider } from "./components/Notifier";
import { prepareStandalone } from "./standalone";

prepareStandalone();

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 2_000, refetchOnWindowFocus: true } },
});

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <DockerMuiV6ThemeProvider>
        <CssBaseline />
        <NotifierProvider>
          <HashRouter>
            <App />
          </HashRouter>
        </NotifierProvider>
      </DockerMuiV6ThemeProvider>
    </QueryClientProvider>
  </StrictMode>,
);
