import type { ReactNode } from "react";
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from "@mui/material";

/** "Remove <name>?" with what removing it costs; nothing happens until the user confirms. */
export function RemoveDialog(props: {
  name: string | undefined;
  onCancel: () => void;
  onRemove: (name: string) => void;
  children: ReactNode;
}) {
  return (
    <Dialog open={Boolean(props.name)} onClose={props.onCancel}>
      <DialogTitle>Remove {props.name}?</DialogTitle>
      <DialogContent>
        <DialogContentText>{props.children}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          onClick={() => {
            if (props.name) props.onRemove(props.name);
            props.onCancel();
          }}
        >
          Remove
        </Button>
      </DialogActions>
    </Dialog>
  );
}
