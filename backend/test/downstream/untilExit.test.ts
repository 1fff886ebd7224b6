import { describe, expect, it, vi } from "vitest";
import { untilExit } from "../../src/downstream/connection.js";

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms));

describe("untilExit", () => {
  it("returns the work's result when the container outlives it", async () => {
    const abandon = vi.fn();
    await expect(untilExit(later(5, "ready"), later(50, 0), abandon)).resolves.toBe("ready");
    expect(abandon).not.toHaveBeenCalled();
  });

  it("rejects with the exit as soon as the container exits first, and abandons the work", async () => {
    const abandon = vi.fn();
    await expect(untilExit(later(200, "late"), later(5, 3), abandon)).rejects.toThrow(
      "the container exited (code 3) while connecting",
    );
    await vi.waitFor(() => expect(abandon).toHaveBeenCalledOnce());
  });

  it("reports the exit code rather than a bare connection loss that came a moment before it", async () => {
    await expect(untilExit(failLater(5, "Connection closed"), later(60, 3), () => undefined)).rejects.toThrow(
      "the container exited (code 3) while connecting",
    );
  });

  it("keeps the work's own error when the container does not exit", async () => {
    const running = new Promise<number>(() => undefined);
    await expect(untilExit(failLater(5, "Request timed out"), running, () => undefined)).rejects.toThrow(
      "Request timed out",
    );
  });
});
