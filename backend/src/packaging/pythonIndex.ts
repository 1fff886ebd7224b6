import { request } from "node:https";
import { rootCertificates } from "node:tls";
import { errorMessage } from "../errors/index.js";

/** Where python builds get their packages (pip's default). */
export const PYTHON_INDEX_URL = "https://pypi.org/simple/";
/** An index that has not answered by now will not serve a build either. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Whether the index answers from here, trusting the same extra CA as the builds: undefined when it does, else why
 * not. Asked before a python build, so an unreachable index fails in seconds instead of pip retrying for minutes.
 */
export function probePythonIndex(
  extraCaPem?: string,
  url = PYTHON_INDEX_URL,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: "HEAD", timeout: timeoutMs, ca: extraCaPem ? [...rootCertificates, extraCaPem] : undefined },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve(status > 0 && status < 500 ? undefined : `it answered HTTP ${status}`);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on("error", (error) => resolve(errorMessage(error)));
    req.end();
  });
}
