import { PassThrough, type Duplex } from "node:stream";
import type Dockerode from "dockerode";
import type { DockerApi } from "../../src/runtime/index.js";

export interface FakeContainer {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: string;
  create?: Dockerode.ContainerCreateOptions;
  address?: string;
}

/** An in-memory engine behind the DockerApi port: enough to test the runtime's decisions without a daemon. */
export class FakeDockerApi implements DockerApi {
  containers = new Map<string, FakeContainer>();
  networks = new Set<string>(["bridge"]);
  images = new Set<string>();
  calls: string[] = [];
  private next = 1;

  add(container: Omit<FakeContainer, "id"> & { id?: string }): FakeContainer {
    const full = { ...container, id: container.id ?? `c${this.next++}` };
    this.containers.set(full.id, full);
    return full;
  }

  async listContainers(filters: Record<string, string[]>): Promise<Dockerode.ContainerInfo[]> {
    const matches = (c: FakeContainer) =>
      (filters.label ?? []).every((f) => {
        const [k, v] = f.split("=") as [string, string | undefined];
        return v === undefined ? k in c.labels : c.labels[k] === v;
      }) && (filters.name ?? []).every((pattern) => new RegExp(pattern).test(`/${c.name}`));
    return [...this.containers.values()].filter(matches).map(
      (c) =>
        ({
          Id: c.id,
          Names: [`/${c.name}`],
          Image: c.image,
          Labels: c.labels,
          State: c.state,
          HostConfig: { NetworkMode: "mcp-hub-internal" },
          NetworkSettings: { Networks: c.address ? { "mcp-hub-internal": { IPAddress: c.address } } : {} },
        }) as unknown as Dockerode.ContainerInfo,
    );
  }

  async inspectContainer(id: string): Promise<Dockerode.ContainerInspectInfo | undefined> {
    const c = this.containers.get(id);
    if (!c) return undefined;
    return {
      Id: c.id,
      Name: `/${c.name}`,
      Path: "node",
      Args: ["server.js"],
      State: { Status: c.state, StartedAt: "2024-01-01T00:00:00Z" },
      Config: {
        Image: c.image,
        Labels: c.labels,
        Entrypoint: c.create?.Entrypoint ?? ["node"],
        Cmd: c.create?.Cmd ?? ["server.js"],
      },
      HostConfig: { NetworkMode: "mcp-hub-internal" },
      NetworkSettings: { Networks: c.address ? { "mcp-hub-internal": { IPAddress: c.address } } : {} },
    } as unknown as Dockerode.ContainerInspectInfo;
  }

  async createContainer(options: Dockerode.ContainerCreateOptions): Promise<string> {
    this.calls.push(`create ${options.name}`);
    const c = this.add({
      name: options.name ?? "",
      image: options.Image ?? "",
      labels: options.Labels ?? {},
      state: "created",
      create: options,
    });
    return c.id;
  }
  async startContainer(id: string): Promise<void> {
    this.calls.push(`start ${id}`);
    const c = this.containers.get(id);
    if (c) c.state = "running";
  }
  async stopContainer(id: string): Promise<void> {
    this.calls.push(`stop ${id}`);
    const c = this.containers.get(id);
    if (c) c.state = "exited";
  }
  async removeContainer(id: string): Promise<void> {
    this.calls.push(`remove ${id}`);
    this.containers.delete(id);
  }
  async waitContainer(): Promise<number> {
    return 0;
  }
  async attachContainer(): Promise<Duplex> {
    return new PassThrough();
  }
  async execContainer(): Promise<Duplex> {
    return new PassThrough();
  }
  demux(): void {}
  async containerLogs(): Promise<Buffer> {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header.writeUInt8(stream, 0);
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    return Buffer.concat([frame(1, "out line\n"), frame(2, "err line\n")]);
  }
  async networkNames(): Promise<string[]> {
    return [...this.networks];
  }
  async createNetwork(options: { name: string; internal: boolean }): Promise<void> {
    this.calls.push(`network ${options.name} internal=${options.internal}`);
    this.networks.add(options.name);
  }
  async hasImage(ref: string): Promise<boolean> {
    return this.images.has(ref);
  }
  async pullImage(ref: string): Promise<void> {
    this.calls.push(`pull ${ref}`);
    this.images.add(ref);
  }
}
