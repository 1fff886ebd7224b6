import { describe, expect, it } from "vitest";
import { sharingNote } from "../../src/migrate/mounts.js";

describe("sharingNote", () => {
  it("on a Mac, warns about a folder Docker Desktop does not share by default", () => {
    expect(sharingNote("/Users/ann/notes", "darwin")).toBeUndefined();
    expect(sharingNote("/tmp/scratch", "darwin")).toBeUndefined();
    expect(sharingNote("/opt/data", "darwin")).toMatch(
      /^\/opt\/data is outside the folders Docker Desktop shares by default .*File sharing$/,
    );
  });

  it("on Linux, warns about a folder outside the user's home, which Docker Desktop for Linux does not share", () => {
    expect(sharingNote("/home/ann/notes", "linux", "/home/ann")).toBeUndefined();
    expect(sharingNote("/home/ann", "linux", "/home/ann/")).toBeUndefined();
    expect(sharingNote("/home/anna/notes", "linux", "/home/ann")).toMatch(/outside your home folder/);
    expect(sharingNote("/srv/data", "linux", "/home/ann")).toMatch(
      /^\/srv\/data is outside your home folder, the only one Docker Desktop for Linux shares by default: if you use it/,
    );
    expect(sharingNote("/srv/data", "linux")).toBeUndefined();
  });

  it("says nothing on Windows, whose engine reaches every drive", () => {
    expect(sharingNote("D:\\data", "win32", "C:\\Users\\ann")).toBeUndefined();
  });
});
