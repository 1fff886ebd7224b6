import { createTwoFilesPatch } from "diff";

/** Unified diff of a config change; `null` is a missing file. Empty when nothing changes. */
export function renderDiff(file: string, before: string | null, after: string | null): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(
    before === null ? "/dev/null" : file,
    after === null ? "/dev/null" : file,
    before ?? "",
    after ?? "",
    undefined,
    undefined,
    {
      context: 3,
    },
  );
  // The library opens with a "====" ruler that `patch` and `git apply` do not need.
  return patch.replace(/^(Index: .*\n)?=+\n/, "");
}
