import { Button } from "@mui/material";
import { SCAN_FILE_MAX_CHARS } from "@mcp-hub/contracts";
import { errorMessage } from "../../api";

/**
 * Picks a client config file on the user's machine and hands over its text, which goes to the hub only: the
 * secret values in it are never shown. A file over the scan's cap, or one that cannot be read, is refused here,
 * saying why. The cap counts characters; a file of no more bytes than that always fits.
 */
export function UploadButton({
  disabled,
  onFile,
  onProblem,
}: {
  disabled?: boolean;
  onFile(file: { name: string; text: string }): void;
  /** A file this button will not send: too large, or unreadable. */
  onProblem(message: string): void;
}) {
  return (
    <Button component="label" variant="outlined" disabled={disabled} sx={{ whiteSpace: "nowrap" }}>
      Upload a config file
      <input
        hidden
        type="file"
        accept=".json,.jsonc,application/json,text/plain"
        aria-label="Client config file"
        onChange={async (e) => {
          const file = e.target.files?.[0];
          e.target.value = ""; // the same file can be picked again after a fix
          if (!file) return;
          if (file.size > SCAN_FILE_MAX_CHARS)
            return onProblem(`${file.name} is larger than 1 MiB: that is not a client's config file.`);
          let text;
          try {
            text = await file.text();
          } catch (error) {
            return onProblem(`${file.name} could not be read: ${errorMessage(error)}`);
          }
          onFile({ name: file.name, text });
        }}
      />
    </Button>
  );
}
