import type { CreatedResources } from "@mcp-hub/contracts";
import Dockerode from "dockerode";
import { errorMessage } from "../../errors/index.js";
import { CREATED, STACK } from "./labels.js";

const HEALTH = /\((healthy|unhealthy|health: starting)\)/;

/** A reader of what the tools created, with one engine client made on first use (an idle hub keeps none). */
export function createdResources(
  makeClient: () => Dockerode = () => new Dockerode(),
): () => Promise<CreatedResources> {
  let docker: Dockerode | undefined;
  return async () => {
    docker ??= makeClient();
    const filters = { label: [CREATED.by] };
    try {
      const [containers, images, volumes, networks] = await Promise.all([
        docker.listContainers({ all: true, filters }),
        docker.listImages({ filters }),
        docker.listVolumes({ filters }) as Promise<{
          Volumes: { Name: string; Labels: Record<string, string> | null }[] | null;
        }>,
        docker.listNetworks({ filters }),
      ]);
      const rows = containers.map((c) => ({
        id: c.Id.slice(0, 12),
        name: c.Names[0]?.replace(/^\//, "") ?? c.Id.slice(0, 12),
        image: c.Image,
        state: c.State,
        status: c.Status,
        ...(HEALTH.exec(c.Status) ? { health: HEALTH.exec(c.Status)![1]!.replace("health: ", "") } : {}),
        ...(c.Labels[STACK.name] ? { stack: c.Labels[STACK.name], service: c.Labels[STACK.service] } : {}),
        createdBy: c.Labels[CREATED.by]!,
        createdAt: c.Labels[CREATED.at],
      }));
      const stackNames = [...new Set(rows.flatMap((r) => (r.stack ? [r.stack] : [])))].sort();
      return {
        engine: { reachable: true },
        stacks: stackNames.map((name) => {
          const members = rows.filter((r) => r.stack === name);
          return {
            name,
            services: members.length,
            running: members.filter((r) => r.state === "running").length,
            healthy: members.filter((r) => r.state === "running" && (r.health ?? "healthy") === "healthy")
              .length,
          };
        }),
        containers: rows,
        images: images.map((i) => ({
          id: i.Id.replace(/^sha256:/, "").slice(0, 12),
          tags: (i.RepoTags ?? []).filter((t) => t !== "<none>:<none>"),
          size: i.Size,
          createdAt: i.Labels?.[CREATED.at],
          ...(i.Labels?.[STACK.name] ? { stack: i.Labels[STACK.name] } : {}),
        })),
        volumes: (volumes.Volumes ?? []).map((v) => ({
          name: v.Name,
          createdAt: v.Labels?.[CREATED.at],
          ...(v.Labels?.[STACK.name] ? { stack: v.Labels[STACK.name] } : {}),
        })),
        networks: networks.map((n) => ({
          name: n.Name,
          internal: n.Internal,
          createdAt: n.Labels?.[CREATED.at],
          ...(n.Labels?.[STACK.name] ? { stack: n.Labels[STACK.name] } : {}),
        })),
      };
    } catch (error) {
      return {
        engine: { reachable: false, error: errorMessage(error) },
        stacks: [],
        containers: [],
        images: [],
        volumes: [],
        networks: [],
      };
    }
  };
}
