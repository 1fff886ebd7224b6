import type { RiskLevel } from "@mcp-hub/contracts";

/** Words in a package or image name that say what it can touch. */
const HIGH =
  /(file-?system|\bfs\b|shell|terminal|exec|command|docker|kubernetes|k8s|browser|puppeteer|playwright|desktop-commander|computer-use|\bssh\b)/i;
const NETWORK =
  /(fetch|http|web|search|brave|github|gitlab|slack|notion|linear|jira|sentry|atlassian|google|cloud|aws|gcp|azure|openai|anthropic|postgres|mysql|redis|mongo|database|api\b|scrap|crawl|email|gmail|discord|stripe)/i;

/**
 * A proposed risk level, and why: filesystem, shell, Docker or browser access is high; the network or API keys
 * medium; anything else low. The user can change it in the plan.
 */
export function proposeRisk(subject: {
  source: string;
  entryName: string;
  mounts: number;
  secrets: number;
  egress: boolean;
}): { risk: RiskLevel; reason: string } {
  const name = `${subject.entryName} ${subject.source}`;
  if (HIGH.test(name))
    return { risk: "high", reason: `"${HIGH.exec(name)![0]}": filesystem, shell, Docker or browser access` };
  const { mounts, secrets } = subject;
  if (mounts)
    return {
      risk: "high",
      reason: `it reads or writes ${mounts === 1 ? "a host path" : `${mounts} host paths`}`,
    };
  if (secrets)
    return {
      risk: "medium",
      reason:
        secrets === 1
          ? "it holds a secret (an API key or token)"
          : `it holds ${secrets} secrets (API keys or tokens)`,
    };
  if (subject.egress) return { risk: "medium", reason: "it reaches the network" };
  return { risk: "low", reason: "no filesystem, shell, network or secrets" };
}

/** Whether a server needs the internet, guessed from what it is (the user can change it). */
export function proposeEgress(subject: {
  source: string;
  entryName: string;
  secrets: number;
  kind: string;
}): boolean {
  if (subject.kind === "remote") return true;
  return subject.secrets > 0 || NETWORK.test(`${subject.entryName} ${subject.source}`);
}
