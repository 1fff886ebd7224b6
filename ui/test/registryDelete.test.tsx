import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { RegistryTag } from "../src/api";
import { fakeHub, HttpFailure } from "./fakeHub";
import { listing, notes, scratch, scratchStable, tagDetail, time } from "./registryFixtures";
import { renderApp } from "./renderApp";

/** A hub whose registry holds `tags` until a delete takes a digest away; `refuse` answers the first DELETE with 409. */
function registryHub(tags: RegistryTag[], options: { refuse?: string } = {}) {
  let held = tags;
  let refuse = options.refuse;
  const hub = fakeHub({
    "GET /api/registry": () => listing(held),
    "GET /api/registry/tag": (_body, url) => tagDetail(held, url),
    "DELETE /api/registry/tag": (_body, url) => {
      if (refuse && url.searchParams.get("force") !== "true") {
        const message = refuse;
        refuse = undefined;
        throw new HttpFailure(409, { error: "image_in_use", message });
      }
      const doomed = tagDetail(held, url);
      held = held.filter((t) => !(t.repository === doomed.repository && t.digest === doomed.digest));
      return { digest: doomed.digest, tags: doomed.sameDigest };
    },
  });
  hub.installDesktop();
  return { ...hub, deletes: () => hub.calls.filter((c) => c.method === "DELETE").map((c) => c.path) };
}

/** The dialog has gone (the page behind is hidden from queries until its closing transition ends). */
const dialogClosed = () => waitFor(() => expect(screen.queryByRole("dialog")).toBeNull(), { timeout: 5_000 });

async function openDelete(name: string) {
  const user = userEvent.setup();
  renderApp("/registry");
  const row = (await screen.findByRole("button", { name })).closest("tr")!;
  await user.click(within(row).getByRole("button", { name: "Delete" }));
  return { user, dialog: await screen.findByRole("dialog", { name: `Delete ${name}?` }) };
}

describe("Registry page: deleting a tag", () => {
  it("names every tag that goes with the digest, and deletes only once confirmed", async () => {
    const hub = registryHub([notes, scratch, scratchStable, time]);
    const { user, dialog } = await openDelete("tools/scratch:2.0");
    expect(await within(dialog).findByText(/so these 2 tags go together/)).toBeInTheDocument();
    const doomed = within(dialog).getByRole("list", { name: "Tags deleted" });
    expect(
      within(doomed)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["tools/scratch:2.0", "tools/scratch:stable"]);
    expect(within(dialog).getByText("b2b2b2b2b2b2")).toBeInTheDocument();
    expect(within(dialog).queryByText(/Used by/)).not.toBeInTheDocument();
    expect(hub.deletes()).toEqual([]);

    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    await dialogClosed();
    await waitFor(() => expect(screen.queryByRole("button", { name: "tools/scratch:stable" })).toBeNull());
    expect(hub.deletes()).toEqual(["/api/registry/tag?repository=tools%2Fscratch&tag=2.0"]);
    expect(screen.getByRole("button", { name: "mcp/notes:1.0" })).toBeInTheDocument();
  });

  it("cancels without deleting", async () => {
    const hub = registryHub([scratch, scratchStable]);
    const { user, dialog } = await openDelete("tools/scratch:stable");
    await within(dialog).findByRole("list", { name: "Tags deleted" });
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await dialogClosed();
    expect(hub.deletes()).toEqual([]);
    expect(screen.getByRole("button", { name: "tools/scratch:stable" })).toBeInTheDocument();
  });

  it("says which servers use the image and deletes only with force, as 'Delete anyway'", async () => {
    const hub = registryHub([notes, { ...notes, tag: "latest", usedBy: ["notes-beta"] }, time]);
    const { user, dialog } = await openDelete("mcp/notes:1.0");
    const warning = await within(dialog).findByText(/^Used by the servers/);
    expect(warning).toHaveTextContent("notes, notes-beta");
    expect(within(dialog).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Delete anyway" }));
    await dialogClosed();
    expect(hub.deletes()).toEqual(["/api/registry/tag?repository=mcp%2Fnotes&tag=1.0&force=true"]);
    await waitFor(() => expect(screen.queryByRole("button", { name: "mcp/notes:1.0" })).toBeNull());
    expect(screen.getByRole("button", { name: "mcp/time:latest" })).toBeInTheDocument();
  });

  it("shows the hub's refusal when a server started using it meanwhile, then offers Delete anyway", async () => {
    const message = "tools/scratch:2.0 is the image of running server(s) late: disable or remove them first";
    const hub = registryHub([scratch, time], { refuse: message });
    const { user, dialog } = await openDelete("tools/scratch:2.0");
    await within(dialog).findByText(/no other tag points at it/);
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(await within(dialog).findByText(message)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Delete anyway" }));
    await dialogClosed();
    await waitFor(() => expect(screen.queryByRole("button", { name: "tools/scratch:2.0" })).toBeNull());
    expect(screen.getByRole("button", { name: "mcp/time:latest" })).toBeInTheDocument();
    expect(hub.deletes()).toEqual([
      "/api/registry/tag?repository=tools%2Fscratch&tag=2.0",
      "/api/registry/tag?repository=tools%2Fscratch&tag=2.0&force=true",
    ]);
  });

  it("says when the tag cannot be read, and cannot delete blind", async () => {
    fakeHub({
      "GET /api/registry": () => listing([scratch]),
      "GET /api/registry/tag": () => {
        throw new HttpFailure(404, { error: "registry_not_found", message: 'no tag "2.0" in repository' });
      },
    }).installDesktop();
    const { dialog } = await openDelete("tools/scratch:2.0");
    expect(await within(dialog).findByText(/no tag "2.0" in repository/)).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Delete" })).toBeDisabled();
  });
});
