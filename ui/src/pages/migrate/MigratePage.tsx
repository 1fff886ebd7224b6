import { useSearchParams } from "react-router";
import { FindStep } from "./FindStep";
import { ReviewStep } from "./ReviewStep";
import { RunStep } from "./RunStep";

/**
 * The Migrate tab: find the servers the user's clients start themselves → review what each becomes → run it with
 * each server's steps live → the report, with a rollback per server. The step lives in the address (`?scan=`,
 * `?run=`), so a reload or the Back button keeps the user's place; the hub keeps scans, plans and runs.
 */
export function MigratePage() {
  const [params, setParams] = useSearchParams();
  const run = params.get("run");
  const scan = params.get("scan");
  const go = (next: Record<string, string>) => setParams(next);
  if (run) return <RunStep key={run} id={run} onNew={() => go({})} />;
  if (scan)
    return <ReviewStep key={scan} scanId={scan} onBack={() => go({})} onStarted={(id) => go({ run: id })} />;
  return <FindStep onScanned={(id) => go({ scan: id })} onOpenRun={(id) => go({ run: id })} />;
}
