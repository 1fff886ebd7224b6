import { Step, StepLabel, Stepper } from "@mui/material";

const STEPS = ["Find servers", "Review", "Migrate", "Report"] as const;

/** Where the user is in the migration; the steps before are done. */
export function MigrateStepper({ active }: { active: number }) {
  return (
    <Stepper activeStep={active} aria-label="Migration steps" sx={{ maxWidth: 720 }}>
      {STEPS.map((label) => (
        <Step key={label}>
          <StepLabel>{label}</StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
