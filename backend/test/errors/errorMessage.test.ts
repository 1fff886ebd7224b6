import { describe, expect, it } from "vitest";
import { errorMessage, toError } from "../../src/errors/index.js";

describe("errorMessage", () => {
  it("reads an Error's message, and the text of anything else thrown", () => {
    expect(errorMessage(new TypeError("bad input"))).toBe("bad input");
    expect(errorMessage("plain text")).toBe("plain text");
    expect(errorMessage(42)).toBe("42");
    expect(errorMessage(undefined)).toBe("undefined");
    expect(errorMessage(null)).toBe("null");
  });
});

describe("toError", () => {
  it("keeps an Error as it is and wraps anything else", () => {
    const error = new RangeError("out of range");
    expect(toError(error)).toBe(error);
    const wrapped = toError("plain text");
    expect(wrapped).toBeInstanceOf(Error);
    expect(wrapped.message).toBe("plain text");
  });
});
