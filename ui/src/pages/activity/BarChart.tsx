import { useId } from "react";
import { Box, Stack, Typography } from "@mui/material";

export interface Bar {
  /** 0..max of the chart. */
  value: number;
  color: string;
}

export interface BarRow {
  label: string;
  bars: Bar[];
  /** The value(s) as words; the bars are decoration, this text is what screen readers and narrow screens get. */
  text: string;
}

/**
 * A horizontal bar chart as a captioned list: each row reads "label: text" without the graphic, and the figure is
 * named by its caption. Plain boxes, no chart library: a few rows of bars do not need one.
 */
export function BarChart({ title, rows, max }: { title: string; rows: BarRow[]; max: number }) {
  const captionId = useId();
  return (
    <Box component="figure" aria-labelledby={captionId} sx={{ m: 0, minWidth: 0 }}>
      <Typography id={captionId} component="figcaption" variant="subtitle2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Stack component="ul" spacing={0.75} sx={{ listStyle: "none", p: 0, m: 0 }}>
        {rows.map((row) => (
          <Box
            component="li"
            key={row.label}
            sx={{
              display: "grid",
              gridTemplateColumns: "minmax(4rem, 8rem) 1fr auto",
              alignItems: "center",
              columnGap: 1,
            }}
          >
            <Typography variant="body2" noWrap title={row.label}>
              {row.label}
              {/* Keeps "fixture: 12 calls" as two phrases for screen readers, invisible on screen. */}
              <Box component="span" sx={visuallyHidden}>
                :
              </Box>
            </Typography>
            <Stack spacing={0.25} aria-hidden>
              {row.bars.map((bar, index) => (
                <Box key={index} sx={{ height: 8, borderRadius: 1, bgcolor: "action.hover" }}>
                  <Box
                    data-testid="bar"
                    sx={{
                      height: "100%",
                      borderRadius: 1,
                      bgcolor: bar.color,
                      width: `${widthPercent(bar.value, max)}%`,
                      // A non-zero value stays visible however small it is next to the largest.
                      minWidth: bar.value > 0 ? 2 : 0,
                    }}
                  />
                </Box>
              ))}
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: "nowrap" }}>
              {row.text}
            </Typography>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}

function widthPercent(value: number, max: number): number {
  if (max <= 0 || value <= 0) return 0;
  return Math.min(100, (value / max) * 100);
}

// Pixel strings: sx reads a bare 1 as 100%, which made the span as wide as the page and scrolled it sideways.
const visuallyHidden = {
  position: "absolute",
  width: "1px",
  height: "1px",
  overflow: "hidden",
  clip: "rect(0 0 0 0)",
  whiteSpace: "nowrap",
} as const;
