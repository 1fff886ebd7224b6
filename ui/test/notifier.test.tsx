import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import { createTheme, ThemeProvider } from "@mui/material";
import { NotifierProvider, useNotifier } from "../src/components/Notifier";

function NotifyButton({ severity }: { severity: "success" | "error" | "info" }) {
  const { notify } = useNotifier();
  return (
    <button type="button" onClick={() => notify(severity, "Copied the command")}>
      notify
    </button>
  );
}

describe("the dashboard's toasts", () => {
  // MUI's own pick for a dark-mode success toast is near-black text on the dark green it fills it with.
  it.each([
    ["dark", "success", "rgb(56, 142, 60)", "rgb(255, 255, 255)"],
    ["dark", "error", "rgb(211, 47, 47)", "rgb(255, 255, 255)"],
    ["light", "success", "rgb(46, 125, 50)", "rgb(255, 255, 255)"],
  ] as const)(
    "%s mode, %s: the toast's text is picked against its fill",
    async (mode, severity, fill, text) => {
      render(
        <ThemeProvider theme={createTheme({ palette: { mode } })}>
          <NotifierProvider>
            <NotifyButton severity={severity} />
          </NotifierProvider>
        </ThemeProvider>,
      );
      fireEvent.click(screen.getByRole("button", { name: "notify" }));
      const toast = await screen.findByRole("alert");
      expect(toast).toHaveTextContent("Copied the command");
      expect(getComputedStyle(toast)).toMatchObject({ backgroundColor: fill, color: text });
    },
  );
});
