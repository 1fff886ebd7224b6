import { describe, expect, it } from "vitest";
import { createTheme, decomposeColor, getContrastRatio, type Theme } from "@mui/material";
import { prepareStandalone } from "../src/standalone";

/** What the eye sees: MUI's contrast text may be translucent (rgba(0,0,0,0.87)), so blend it over the button. */
function blend(foreground: string, background: string): string {
  const { values: front, type } = decomposeColor(foreground);
  const { values: back } = decomposeColor(background);
  const alpha = type === "rgba" ? (front[3] ?? 1) : 1;
  const mix = [0, 1, 2].map((i) => Math.round(front[i]! * alpha + back[i]! * (1 - alpha)));
  return `rgb(${mix.join(",")})`;
}

function themes(): Record<"light" | "dark", Theme> {
  delete (window as { __ddMuiV6Themes?: unknown }).__ddMuiV6Themes; // as outside Desktop
  prepareStandalone();
  const bag = window.__ddMuiV6Themes as unknown as Record<"light" | "dark", object>;
  return { light: createTheme(bag.light), dark: createTheme(bag.dark) };
}

describe("standalone theme", () => {
  it.each(["light", "dark"] as const)("%s mode: filled primary buttons meet WCAG AA (4.5:1)", (mode) => {
    const { primary, background } = themes()[mode].palette;
    for (const fill of [primary.main, primary.dark])
      expect(getContrastRatio(blend(primary.contrastText, fill), fill)).toBeGreaterThanOrEqual(4.5);
    // Text and outlined buttons and links use primary.main as text on the page background.
    expect(getContrastRatio(primary.main, background.default)).toBeGreaterThanOrEqual(4.5);
  });

  it("keeps Docker blue in light mode", () => {
    expect(themes().light.palette.primary.main).toBe("#1d63ed");
  });
});
