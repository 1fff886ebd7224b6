import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach, vi } from "vitest";

// Docker Desktop injects the theme; tests are outside Desktop.
window.__ddMuiV6Themes = { light: {}, dark: {} } as typeof window.__ddMuiV6Themes;

afterEach(() => {
  cleanup();
  delete (window as { ddClient?: unknown }).ddClient;
  sessionStorage.clear();
  window.location.hash = "";
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// jsdom's File has no text() (browsers have had it since 2019); the upload reads files with it.
if (!Blob.prototype.text)
  Blob.prototype.text = function text(this: Blob) {
    return new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(this);
    });
  };
