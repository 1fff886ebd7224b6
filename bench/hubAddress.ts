/** Reaching the hub container without docker-proxy: its address on mcp-hub, and a Host guard that allows it. */
import { docker } from "../backend/test/support/images.js";

/**
 * The hub's Host guard must accept its container IP for the "no docker-proxy" row, but the IP is only known once
 * it runs: allow the first /24 of the mcp-hub network, where Docker hands out addresses in order.
 */
export async function networkHosts(): Promise<string[]> {
  const res = await docker(["network", "inspect", "mcp-hub", "-f", "{{(index .IPAM.Config 0).Subnet}}"]);
  const base = /^(\d+\.\d+\.\d+)\.\d+\/(\d+)$/.exec(res.stdout.trim());
  if (res.code !== 0 || !base || Number(base[2]) > 24) return [];
  return Array.from({ length: 254 }, (_, i) => `${base[1]}.${i + 1}`);
}

export async function containerIp(name: string): Promise<string | undefined> {
  const res = await docker([
    "inspect",
    "-f",
    '{{(index .NetworkSettings.Networks "mcp-hub").IPAddress}}',
    name,
  ]);
  const ip = res.stdout.trim();
  return res.code === 0 && /^\d+\.\d+\.\d+\.\d+$/.test(ip) ? ip : undefined;
}
