import { inDockerDesktop, takeTokenFromUrl } from "./api";

/** Docker's palette colours, for the dashboard outside Desktop (Desktop injects its full theme). */
const DOCKER_BLUE = "#1d63ed";
/**
 * Dark mode needs a light blue: MUI then picks near-black contrast text (white stays under its threshold of 3),
 * giving 8.6:1 on filled buttons, 7:1 on their hover (`dark`), and 8.9:1 as link/outlined text on #121212. The
 * earlier #4d8bf5 got white text at 3.3:1. Checked in test/standalone.test.ts with MUI's own createTheme.
 */
const DARK_MODE_BLUE = { main: "#8ab4f8", dark: "#6f9ff7" };

/** Docker Desktop writes buttons and tabs in sentence case ("Add server"), not MUI's default capitals. */
const DESKTOP_LOOK = {
  components: {
    MuiButton: { styleOverrides: { root: { textTransform: "none" } } },
    MuiTab: { styleOverrides: { root: { textTransform: "none" } } },
  },
} as const;

/**
 * Outside Docker Desktop: DockerMuiV6ThemeProvider reads window.__ddMuiV6Themes, which only Desktop injects (without
 * it the provider throws), and the token arrives in the URL. Runs once, before the first render.
 */
export function prepareStandalone(): void {
  if (inDockerDesktop()) return;
  if (!window.__ddMuiV6Themes)
    window.__ddMuiV6Themes = {
      light: { palette: { mode: "light", primary: { main: DOCKER_BLUE } }, ...DESKTOP_LOOK },
      dark: { palette: { mode: "dark", primary: DARK_MODE_BLUE }, ...DESKTOP_LOOK },
    } as typeof window.__ddMuiV6Themes;
  takeTokenFromUrl();
}
