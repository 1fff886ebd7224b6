import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Docker Desktop injects the theme; tests are outside Desktop (extension.md §5.3).
window.__ddMuiV6Themes = { light: {}, dark: {} } as typeof window.__ddMuiV6Themes;

afterEach(() => {
  cleanup();
  delete (window as { ddClient?: unknown }).ddClient;
  sessionStorage.clear();
  window.location.hash = "";
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});
