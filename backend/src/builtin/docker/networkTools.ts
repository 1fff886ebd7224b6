import { z } from "zod";
import { CREATED, isCreatedByHub } from "./labels.js";
import { confirmOnContainer, containerName, inspectContainer } from "./targets.js";
import { arg, defineTool, type DockerTool, type ToolCall } from "./toolKit.js";

const networkName = arg.name("network");

async function inspectNetwork(call: ToolCall, name: string) {
  return call.docker.getNetwork(name).inspect() as Promise<{
    Id: string;
    Name: string;
    Driver: string;
    Internal: boolean;
    Labels?: Record<string, string> | null;
    Containers?: Record<string, { Name: string; IPv4Address: string }>;
  }>;
}

/** A protected network, or a protected container on it, is changed only when the call is confirmed. */
async function confirmOnNetwork(
  call: ToolCall,
  network: { Name: string; Labels?: Record<string, string> | null },
  action: string,
  destructive: boolean,
) {
  const reason = call.protection.network(network.Name, network.Labels);
  if (reason) await call.confirm(`${action}, which is protected: ${reason}`);
  else if (destructive) await call.confirm(action);
}

export const networkTools: DockerTool[] = [
  defineTool({
    name: "list_networks",
    kind: "read",
    description: "List networks with their driver, scope and whether they are internal (no route out).",
    input: {
      name: z.string().optional().describe("Only networks whose name contains this"),
      driver: z.string().optional().describe('Only networks of this driver, e.g. "bridge"'),
      created_by_hub: z.boolean().optional().describe("Only networks created through these tools"),
    },
    async run(args, call) {
      const filters: Record<string, string[]> = {};
      if (args.name) filters.name = [args.name];
      if (args.driver) filters.driver = [args.driver];
      if (args.created_by_hub) filters.label = [CREATED.by];
      const networks = (await call.docker.listNetworks({ filters, abortSignal: call.signal })).map((n) => ({
        id: n.Id.slice(0, 12),
        name: n.Name,
        driver: n.Driver,
        scope: n.Scope,
        internal: n.Internal,
        ...(isCreatedByHub(n.Labels) ? { createdByHub: true } : {}),
      }));
      return {
        summary: `${networks.length} networks`,
        data: { networks },
        narrow: "filter with name or driver",
      };
    },
  }),
  defineTool({
    name: "inspect_network",
    kind: "read",
    description: "One network: driver, subnets, options, and the containers on it with their addresses.",
    input: { name: networkName },
    async run(args, call) {
      const network = await inspectNetwork(call, args.name);
      const count = Object.keys(network.Containers ?? {}).length;
      return { summary: `${network.Name}: ${network.Driver}, ${count} containers`, data: { network } };
    },
  }),
  defineTool({
    name: "create_network",
    kind: "write",
    description: "Create a network. internal: true gives its containers no route out of it.",
    input: {
      name: z
        .string()
        .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/)
        .describe("The new network's name"),
      driver: z.string().optional().describe('Driver (default "bridge")'),
      internal: z.boolean().optional().describe("No route to the outside"),
      attachable: z.boolean().optional().describe("Standalone containers may join (overlay networks)"),
      subnet: z.string().optional().describe('A subnet in CIDR form, e.g. "172.28.0.0/16"'),
      labels: arg.labels,
    },
    async run(args, call) {
      const network = await call.docker.createNetwork({
        Name: args.name,
        Driver: args.driver ?? "bridge",
        Internal: args.internal ?? false,
        Attachable: args.attachable ?? false,
        CheckDuplicate: true,
        Labels: { ...args.labels, ...call.labels("create_network") },
        ...(args.subnet ? { IPAM: { Driver: "default", Config: [{ Subnet: args.subnet }] } } : {}),
        abortSignal: call.signal,
      });
      return {
        summary: `created network ${args.name}`,
        data: { name: args.name, id: network.id, internal: args.internal ?? false },
      };
    },
  }),
  defineTool({
    name: "remove_network",
    kind: "destroy",
    idempotent: true,
    description: "Remove a network; containers still on it must be disconnected (or removed) first.",
    input: { name: networkName, confirm: arg.confirm },
    async run(args, call) {
      const network = await inspectNetwork(call, args.name);
      await confirmOnNetwork(call, network, `Remove network ${network.Name}`, true);
      await call.docker.getNetwork(network.Id).remove({ abortSignal: call.signal });
      return { summary: `removed network ${network.Name}`, data: { removed: network.Name } };
    },
  }),
  defineTool({
    name: "connect_network",
    kind: "write",
    idempotent: true,
    description:
      "Connect a container to a network, optionally with aliases other containers there can use as host names.",
    input: {
      name: networkName,
      container: z.string().min(1).describe("The container's name or id"),
      aliases: z.array(z.string()).optional().describe("Extra host names for the container on this network"),
    },
    async run(args, call) {
      const network = await inspectNetwork(call, args.name);
      const info = await inspectContainer(call, args.container);
      const action = `Connect container ${containerName(info)} to network ${network.Name}`;
      await confirmOnContainer(call, info, action, false);
      // A container on the hub's networks reaches its MCP servers without the hub's token, audit or limits.
      await confirmOnNetwork(call, network, action, false);
      await call.docker.getNetwork(network.Id).connect({
        Container: info.Id,
        ...(args.aliases ? { EndpointConfig: { Aliases: args.aliases } } : {}),
      });
      return {
        summary: `connected ${containerName(info)} to ${network.Name}`,
        data: { network: network.Name, container: containerName(info) },
      };
    },
  }),
  defineTool({
    name: "disconnect_network",
    kind: "write",
    idempotent: true,
    description: "Disconnect a container from a network.",
    input: {
      name: networkName,
      container: z.string().min(1).describe("The container's name or id"),
      force: z.boolean().optional().describe("Force it, e.g. for a container that is not running"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const network = await inspectNetwork(call, args.name);
      const info = await inspectContainer(call, args.container);
      const action = `Disconnect container ${containerName(info)} from network ${network.Name}`;
      await confirmOnContainer(call, info, action, false);
      await confirmOnNetwork(call, network, action, false);
      await call.docker.getNetwork(network.Id).disconnect({ Container: info.Id, Force: args.force ?? false });
      return {
        summary: `disconnected ${containerName(info)} from ${network.Name}`,
        data: { network: network.Name, container: containerName(info) },
      };
    },
  }),
];
