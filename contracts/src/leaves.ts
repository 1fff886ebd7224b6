import { z } from "zod";

/*
 * Leaf schemas the contracts share. A zod schema is an object of 1-4 KB, and the hub keeps every route's schemas for
 * as long as it runs; a schema never changes once built, so one leaf serves every field of its kind and the hub's
 * memory grows with the number of shapes, not of fields.
 */
export const text = z.string();
export const optionalText = text.optional();
export const textList = z.array(text);
export const flag = z.boolean();
export const optionalFlag = flag.optional();
export const number = z.number();
export const optionalNumber = number.optional();
export const integer = z.number().int();
export const count = integer.nonnegative();
export const port = integer.min(1).max(65_535);
