import { beforeAll, expect, it } from "vitest";
import { BASE_IMAGE, docker } from "../../support/images.js";
import { describeTargets, failed, ok, uniqueName } from "./targets.js";

/** Networks, volumes and the system tools against the real engine, through /mcp and over stdio. */
describeTargets("docker tools: networks, volumes, system", (tools, _label) => {
  const network = uniqueName("net");
  const volume = uniqueName("vol");
  const container = uniqueName("c");
  beforeAll(async () => {
    ok(await tools.call("run_container", { image: BASE_IMAGE, name: container, command: "exec sleep 600" }));
  });

  it("create_network makes an internal network; a second one of the same name fails", async () => {
    expect(ok(await tools.call("create_network", { name: network, internal: true }))).toMatchObject({
      name: network,
      internal: true,
    });
    failed(await tools.call("create_network", { name: network }), /already exists/);
  });

  it("list_networks and inspect_network show it; a missing network fails with a hint", async () => {
    const { networks } = ok<{ networks: { name: string; internal: boolean; createdByHub?: boolean }[] }>(
      await tools.call("list_networks", { name: network }),
    );
    expect(networks).toEqual([
      expect.objectContaining({ name: network, internal: true, createdByHub: true }),
    ]);
    expect(
      ok<{ network: { Internal: boolean } }>(await tools.call("inspect_network", { name: network })).network
        .Internal,
    ).toBe(true);
    failed(await tools.call("inspect_network", { name: "mcphub-no-such-network" }), /not found[\s\S]*Hint/);
    failed(await tools.call("list_networks", { driver: 7 }), /driver|string/i);
  });

  it("connect_network and disconnect_network move a container; disconnecting it twice fails", async () => {
    ok(await tools.call("connect_network", { name: network, container, aliases: ["worker"] }));
    const { network: info } = ok<{ network: { Containers: Record<string, { Name: string }> } }>(
      await tools.call("inspect_network", { name: network }),
    );
    expect(Object.values(info.Containers).map((c) => c.Name)).toContain(container);
    failed(
      await tools.call("connect_network", { name: network, container: "mcphub-no-such-container" }),
      /No such container/,
    );
    ok(await tools.call("disconnect_network", { name: network, container }));
    failed(await tools.call("disconnect_network", { name: network, container }), /not connected/);
  });

  it("remove_network removes it once confirmed; the hub's own network is protected", async () => {
    ok(await tools.call("remove_network", { name: network, confirm: true }));
    failed(await tools.call("inspect_network", { name: network }), /not found/);
    await docker(["network", "create", "mcp-hub"]); // the hub's network; exists wherever a hub ran
    failed(
      await tools.call("remove_network", { name: "mcp-hub" }),
      /protected: the hub and its MCP servers use it/,
    );
    expect((await docker(["network", "inspect", "mcp-hub"])).code).toBe(0);
  });

  it("create_volume, list_volumes and inspect_volume; a bad name and a missing volume fail", async () => {
    ok(await tools.call("create_volume", { name: volume }));
    const { volumes } = ok<{ volumes: { name: string; createdByHub?: boolean }[] }>(
      await tools.call("list_volumes", { name: volume }),
    );
    expect(volumes).toEqual([expect.objectContaining({ name: volume, createdByHub: true })]);
    expect(ok<{ usedBy: string[] }>(await tools.call("inspect_volume", { name: volume })).usedBy).toEqual([]);
    failed(await tools.call("create_volume", { name: "../bad name" }), /name/);
    failed(
      await tools.call("inspect_volume", { name: "mcphub-no-such-volume" }),
      /no such volume|not found/i,
    );
    failed(await tools.call("list_volumes", { dangling: "no" }), /dangling|boolean/i);
  });

  it("remove_volume refuses a volume in use, and removes it once free and confirmed", async () => {
    const user = uniqueName("user");
    ok(
      await tools.call("run_container", {
        image: BASE_IMAGE,
        name: user,
        command: "exec sleep 600",
        volumes: [{ source: volume, target: "/data" }],
      }),
    );
    failed(await tools.call("remove_volume", { name: volume, confirm: true }), /in use/);
    ok(await tools.call("remove_container", { name: user, force: true, confirm: true }));
    ok(await tools.call("remove_volume", { name: volume, confirm: true }));
    failed(await tools.call("inspect_volume", { name: volume }), /no such volume|not found/i);
  });

  it("prune_volumes removes unused volumes the hub created once confirmed, and nothing unconfirmed", async () => {
    const spare = uniqueName("spare");
    ok(await tools.call("create_volume", { name: spare }));
    failed(await tools.call("prune_volumes", {}), /needs confirmation/);
    expect((await docker(["volume", "inspect", spare])).code).toBe(0);
    const pruned = ok<{ removed: string[] }>(await tools.call("prune_volumes", { confirm: true }));
    expect(pruned.removed).toContain(spare);
    expect((await docker(["volume", "inspect", spare])).code).not.toBe(0);
  });

  it("system_info, system_version and disk_usage describe the engine; an unknown argument fails", async () => {
    expect(
      ok<{ info: { ServerVersion: string } }>(await tools.call("system_info")).info.ServerVersion,
    ).toMatch(/\d+\.\d+/);
    expect(
      ok<{ version: { ApiVersion: string } }>(await tools.call("system_version")).version.ApiVersion,
    ).toMatch(/^1\.\d+$/);
    const { usage } = ok<{ usage: { images: { count: number; bytes: number } } }>(
      await tools.call("disk_usage"),
    );
    expect(usage.images.count).toBeGreaterThan(0);
    for (const tool of ["system_info", "system_version", "disk_usage"])
      failed(await tools.call(tool, { verbose: true }), /verbose|unrecognized/i);
  });

  it("system_events returns the events of a bounded window; a window that ends before it starts fails", async () => {
    const { events } = ok<{
      events: { type: string; action: string; attributes?: Record<string, string> }[];
    }>(await tools.call("system_events", { since: "10m", type: ["container"], event: ["start"] }));
    expect(events.some((e) => e.attributes?.name === container)).toBe(true);
    failed(await tools.call("system_events", { since: "1m", until: "10m" }), /until is before since/);
  });
});
