import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { Alert, Snackbar } from "@mui/material";
import { desktopToast, errorMessage, hintFor } from "../api";

type Severity = "success" | "error" | "info";
interface Note {
  id: number;
  severity: Severity;
  message: string;
}
interface Notifier {
  notify(severity: Severity, message: string): void;
  /** An error toast with what to do about it. */
  fail(what: string, error: unknown): void;
}

const NotifierContext = createContext<Notifier | undefined>(undefined);

/**
 * Toasts for the whole app; queries/ hooks call it from onError/onSuccess, never api/. Docker Desktop shows its own
 * toasts; the dashboard gets a snackbar.
 */
export function NotifierProvider({ children }: { children: ReactNode }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const notify = useCallback((severity: Severity, message: string) => {
    if (severity !== "info" && desktopToast(severity, message)) return;
    setNotes((all) => [...all, { id: Date.now() + Math.random(), severity, message }]);
  }, []);
  const value = useMemo<Notifier>(
    () => ({
      notify,
      fail: (what, error) => {
        const hint = hintFor(error);
        notify("error", `${what}: ${errorMessage(error)}${hint ? ` — ${hint}` : ""}`);
      },
    }),
    [notify],
  );
  const current = notes[0];
  const close = () => setNotes((all) => all.slice(1));
  return (
    <NotifierContext.Provider value={value}>
      {children}
      <Snackbar
        key={current?.id}
        open={Boolean(current)}
        autoHideDuration={current?.severity === "error" ? 10_000 : 4_000}
        onClose={(_e, reason) => reason !== "clickaway" && close()}
        anchorOrigin={{ vertical: "bottom", horizontal: "right" }}
      >
        {current ? (
          <Alert
            severity={current.severity}
            onClose={close}
            variant="filled"
            // In dark mode MUI fills with the colour's dark shade but picks the text against its main one (dark text
            // on dark green): pick it against the shade filled, as MUI's CSS-variables themes do.
            sx={(theme) => {
              const colour = theme.palette[current.severity];
              const fill = theme.palette.mode === "dark" ? colour.dark : colour.main;
              return { maxWidth: 560, color: theme.palette.getContrastText(fill) };
            }}
          >
            {current.message}
          </Alert>
        ) : undefined}
      </Snackbar>
    </NotifierContext.Provider>
  );
}

export function useNotifier(): Notifier {
  const notifier = useContext(NotifierContext);
  if (!notifier) throw new Error("useNotifier outside NotifierProvider");
  return notifier;
}
