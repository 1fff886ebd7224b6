import { Button } from "@mui/material";

/** What a scan takes of one file (the contracts' cap): a client config is a few kilobytes. */
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Picks a client config file on the user's machine and hands over its text, which goes to the hub only: the
 * secret values in it are never shown. A file over the cap is refused here, saying why.
 */
export function UploadButton({
  disabled,
  onFile,
  onTooLarge,
}: {
  disabled?: boolean;
  onFile(file: { name: string; text: string }): void;
  onTooLarge(message: string): void;
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
          if (file.size > MAX_FILE_BYTES)
            return onTooLarge(`${file.name} is larger than 1 MiB: that is not a client's config file.`);
          onFile({ name: file.name, text: await file.text() });
        }}
      />
    </Button>
  );
}
