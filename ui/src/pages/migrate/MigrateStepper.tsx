import { Step, StepLabel, Stepper, stepIconClasses, type SxProps, type Theme } from "@mui/material";

const STEPS = ["Find servers", "Review", "Migrate", "Report"] as const;

/**
 * A step still to come. MUI draws it in the disabled grey with a white number, too faint to read in light mode:
 * secondary text's colour instead, with the number cut out of it in the page's colour, as legible as secondary text
 * in either mode.
 */
const UPCOMING_ICON: SxProps<Theme> = {
  color: "text.secondary",
  [`& .${stepIconClasses.text}`]: { fill: (theme) => theme.palette.background.default },
};

/** Where the user is in the migration; the steps before are done. */
export function MigrateStepper({ active }: { active: number }) {
  return (
    <Stepper activeStep={active} aria-label="Migration steps" sx={{ maxWidth: 720 }}>
      {STEPS.map((label, i) => (
        <Step key={label}>
          <StepLabel slotProps={{ stepIcon: { sx: i > active ? UPCOMING_ICON : undefined } }}>
            {label}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
