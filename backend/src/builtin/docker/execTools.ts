import { Readable } from "node:stream";
import tar from "tar-stream";
import { z } from "zod";
import { finished, TailBuffer } from "./streams.js";
import { confirmOnContainer, containerName, inspectContainer } from "./targets.js";
import { arg, defineTool, Refusal, ToolFailure, type DockerTool } from "./toolKit.js";
import { humanBytes } from "./units.js";

/** Output kept per stream; the answer's own cap applies on top. */
const MAX_EXEC_OUTPUT = 256 * 1024;
/** What copy_to_container takes in one call (decoded). */
export const MAX_COPY_IN_BYTES = 8 * 1024 * 1024;
/** File content copy_from_container returns in one answer; larger files are listed with their size. */
export const MAX_COPY_OUT_BYTES = 256 * 1024;

export const execTools: DockerTool[] = [
  defineTool({
    name: "exec_in_container",
    kind: "destroy",
    description:
      "Run a command in a running container and return its exit code and output (bounded). The command can change anything the container's user can, so it needs confirmation.",
    input: {
      name: arg.name("container"),
      command: z
        .union([z.array(z.string()).min(1), z.string().min(1)])
        .describe('The command: an argv list, or one string run with "sh -c"'),
      timeout_seconds: z
        .number()
        .int()
        .min(1)
        .max(600)
        .optional()
        .describe("Stop waiting after this many seconds (default 30)"),
      user: z.string().optional().describe("Run as this user (default: the container's)"),
      workdir: z.string().optional().describe("Working directory"),
      env: z.record(z.string(), z.string()).optional().describe("Extra environment variables"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const name = containerName(info);
      const argv = typeof args.command === "string" ? ["sh", "-c", args.command] : args.command;
      await confirmOnContainer(
        call,
        info,
        `Run ${JSON.stringify(argv.join(" "))} in container ${name}`,
        true,
      );
      if (!info.State.Running)
        throw new ToolFailure(
          `container ${name} is not running (${info.State.Status}): start_container starts it`,
        );
      const exec = await call.docker.getContainer(info.Id).exec({
        Cmd: argv,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        ...(args.user ? { User: args.user } : {}),
        ...(args.workdir ? { WorkingDir: args.workdir } : {}),
        ...(args.env ? { Env: Object.entries(args.env).map(([k, v]) => `${k}=${v}`) } : {}),
        abortSignal: call.signal,
      });
      const stream = await exec.start({ hijack: true, stdin: false });
      const stdout = new TailBuffer(MAX_EXEC_OUTPUT);
      const stderr = new TailBuffer(MAX_EXEC_OUTPUT);
      call.docker.modem.demuxStream(stream, stdout, stderr);
      const timeout = AbortSignal.timeout((args.timeout_seconds ?? 30) * 1000);
      let timedOut = false;
      try {
        await finished(stream, AbortSignal.any([call.signal, timeout]));
      } catch (error) {
        if (!timeout.aborted) throw error;
        timedOut = true;
      }
      const state = await exec.inspect();
      const result = {
        name,
        exitCode: timedOut ? null : state.ExitCode,
        stdout: stdout.text(),
        stderr: stderr.text(),
        ...(timedOut
          ? { timedOut: true, note: "stopped waiting; the command may still be running in the container" }
          : {}),
        ...(stdout.truncated || stderr.truncated
          ? { outputBytes: { stdout: stdout.total, stderr: stderr.total } }
          : {}),
      };
      return {
        summary: timedOut
          ? `${name}: still running after ${args.timeout_seconds ?? 30} s`
          : `${name}: exit code ${state.ExitCode}`,
        data: result,
        narrow: "make the command print less (e.g. pipe through tail or head)",
      };
    },
  }),
  defineTool({
    name: "copy_to_container",
    kind: "destroy",
    description: `Write files into a container (a tar archive underneath; at most ${humanBytes(MAX_COPY_IN_BYTES)} per call). Existing files of the same name are overwritten, so it needs confirmation.`,
    input: {
      name: arg.name("container"),
      path: z.string().startsWith("/").describe("Destination folder in the container; it must exist"),
      files: z
        .array(arg.file("relative to the destination folder (sub/folders allowed)"))
        .min(1)
        .max(200)
        .describe("The files to write"),
      confirm: arg.confirm,
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const name = containerName(info);
      const files = args.files.map((f) => {
        const clean = f.path.replace(/^\.?\/+/, "");
        if (!clean || clean.split("/").includes(".."))
          throw new Refusal(
            `Refused: file path "${f.path}" must stay inside the destination folder (no "..").`,
          );
        return {
          ...f,
          path: clean,
          data: Buffer.from(f.content, f.encoding === "base64" ? "base64" : "utf8"),
        };
      });
      const bytes = files.reduce((sum, f) => sum + f.data.length, 0);
      if (bytes > MAX_COPY_IN_BYTES)
        throw new Refusal(
          `Refused: ${humanBytes(bytes)} is more than ${humanBytes(MAX_COPY_IN_BYTES)} per call; copy in parts.`,
        );
      await confirmOnContainer(
        call,
        info,
        `Write ${files.length} files (${humanBytes(bytes)}) into ${args.path} of container ${name}`,
        true,
      );
      const pack = tar.pack();
      for (const f of files) pack.entry({ name: f.path, mode: f.mode ?? 0o644, mtime: new Date() }, f.data);
      pack.finalize();
      await call.docker
        .getContainer(info.Id)
        .putArchive(Readable.from(pack), { path: args.path, abortSignal: call.signal });
      return {
        summary: `wrote ${files.length} files into ${name}:${args.path}`,
        data: { name, path: args.path, files: files.map((f) => ({ path: f.path, bytes: f.data.length })) },
      };
    },
  }),
  defineTool({
    name: "copy_from_container",
    kind: "read",
    description: `Read a file or folder from a container (a tar archive underneath). Text files come back as text, others as base64; at most ${humanBytes(MAX_COPY_OUT_BYTES)} of content per call, larger files are listed with their size.`,
    input: {
      name: arg.name("container"),
      path: z.string().startsWith("/").describe("Absolute path of a file or folder in the container"),
    },
    async run(args, call) {
      const info = await inspectContainer(call, args.name);
      const archive = await call.docker
        .getContainer(info.Id)
        .getArchive({ path: args.path, abortSignal: call.signal });
      const files = await readArchive(archive, call.signal);
      const returned = files.filter((f) => f.content !== undefined).length;
      return {
        summary: `${containerName(info)}:${args.path}: ${files.length} entries, ${returned} with content`,
        data: { name: containerName(info), path: args.path, files },
        narrow: "name a single file, or a smaller folder",
      };
    },
  }),
];

interface ArchiveEntry {
  path: string;
  type: string;
  size: number;
  mode: string;
  content?: string;
  encoding?: "utf8" | "base64";
  note?: string;
}

/** Entries of a tar stream, with content while the budget lasts. */
async function readArchive(archive: NodeJS.ReadableStream, signal: AbortSignal): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  let budget = MAX_COPY_OUT_BYTES;
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const entry: ArchiveEntry = {
      path: header.name,
      type: header.type ?? "file",
      size: header.size ?? 0,
      mode: (header.mode ?? 0).toString(8),
    };
    entries.push(entry);
    const wanted = header.type === "file" && entry.size <= budget;
    if (header.type === "file" && !wanted) entry.note = "not returned: over this call's content budget";
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: unknown) => {
      if (wanted) chunks.push(chunk as Buffer);
    });
    stream.on("end", () => {
      if (wanted) {
        const data = Buffer.concat(chunks);
        budget -= data.length;
        const text = data.toString("utf8");
        const isText = !text.includes("\uFFFD") && !text.includes("\u0000");
        entry.content = isText ? text : data.toString("base64");
        entry.encoding = isText ? "utf8" : "base64";
      }
      next();
    });
    stream.resume();
  });
  archive.pipe(extract);
  await finished(extract, signal).catch((error: unknown) => {
    (archive as { destroy?: () => void }).destroy?.();
    throw error;
  });
  return entries;
}
