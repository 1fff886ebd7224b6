import { Button } from "@mui/material";
import { useNotifier } from "./Notifier";

/** Copies a command or a snippet; says so, or why not (a browser may refuse the clipboard outside https). */
export function CopyButton({ text, what }: { text: string; what: string }) {
  const { notify, fail } = useNotifier();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      notify("success", `Copied the ${what}`);
    } catch (error) {
      fail(`Could not copy the ${what}; select it and copy it by hand`, error);
    }
  };
  return (
    <Button size="small" variant="outlined" onClick={() => void copy()} aria-label={`Copy the ${what}`}>
      Copy
    </Button>
  );
}
