import { useMemo, useState, type FormEvent } from "react";
import { Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from "@mui/material";
import type { JsonSchema } from "../api";
import { toArguments, toFormFields } from "./schemaForm";

/** A form generated from a tool's input schema; submits the arguments object. */
export function SchemaForm(props: {
  schema: JsonSchema | undefined;
  busy: boolean;
  submitLabel: string;
  onSubmit: (args: Record<string, unknown>) => void;
}) {
  const fields = useMemo(() => toFormFields(props.schema), [props.schema]);
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (name: string, value: string) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = toArguments(fields, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    props.onSubmit(result.args);
  };

  return (
    <Stack component="form" spacing={2} onSubmit={submit} noValidate>
      {fields.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          This tool takes no arguments.
        </Typography>
      )}
      {fields.map((field) => {
        const value = values[field.name] ?? field.initial;
        const id = `arg-${field.name}`;
        if (field.kind === "boolean")
          return (
            <FormControlLabel
              key={field.name}
              control={
                <Checkbox
                  id={id}
                  checked={value === "true"}
                  onChange={(e) => set(field.name, String(e.target.checked))}
                />
              }
              label={field.description ? `${field.label} — ${field.description}` : field.label}
            />
          );
        return (
          <TextField
            key={field.name}
            id={id}
            label={field.label}
            required={field.required}
            value={value}
            onChange={(e) => set(field.name, e.target.value)}
            select={field.kind === "enum"}
            type={field.kind === "number" || field.kind === "integer" ? "number" : "text"}
            multiline={field.kind === "json"}
            minRows={field.kind === "json" ? 3 : undefined}
            error={Boolean(errors[field.name])}
            helperText={
              errors[field.name] ??
              (field.kind === "json" ? `${field.description ?? ""} (JSON)`.trim() : field.description)
            }
            size="small"
            fullWidth
          >
            {field.options?.map((option) => (
              <MenuItem key={option} value={option}>
                {option}
              </MenuItem>
            ))}
          </TextField>
        );
      })}
      <div>
        <Button type="submit" variant="contained" disabled={props.busy}>
          {props.submitLabel}
        </Button>
      </div>
    </Stack>
  );
}
