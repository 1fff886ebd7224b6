import { inDockerDesktop, takeTokenFromUrl } from "./api";

/** Docker's palette colours, for the dashboard outside Desktop (Desktop injects its full theme). */
const DOCKER_BLUE = "#1d63ed";

/**
 * Outside Docker Desktop: DockerMuiV6ThemeProvider reads window.__ddMuiV6Themes, which only Desktop injects (without
 * it the provider throws), and the token arrives in the URL. Runs once, before the first render.
 */
export function prepareStandalone(): void {
  if (inDockerDesktop()) return;
  if (!window.__ddMuiV6Themes)
    window.__ddMuiV6Themes = {
      light: { palette: { mode: "light", primary: { main: DOCKER_BLUE } } },
      dark: { palette: { mode: "dark", primary: { main: "#4d8bf5" } } },
    } as typeof window.__ddMuiV6Themes;
  takeTokenFromUrl();
}
