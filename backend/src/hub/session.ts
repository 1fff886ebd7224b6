import { randomUUID } from "node:crypto";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { Protocol } from "@modelcontextprotocol/sdk/shared/protocol.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import {
  CallToolRequestSchema,
  CompleteRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type LoggingLevel,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import type { DownstreamSession } from "../downstream/index.js";
import { DirectCalls, type SendMessage } from "./directCalls.js";
import type { Hub } from "./hub.js";
import type { NameScope } from "./naming.js";

/** "dashboard": the REST try-it call, an in-process session (tryIt.ts); "stateless-http": one 2026-07-28 request. */
export type UpstreamTransport = "streamable-http" | "stateless-http" | "sse" | "stdio" | "dashboard";

/** One JSON Schema validator for every SDK Server and Client the hub makes (Ajv instances are heavy). */
export const SHARED_VALIDATOR = new AjvJsonSchemaValidator();

/**
 * One connected client: its own SDK Server, log level, subscriptions and dedicated downstream sessions (opened for
 * a client that answers server requests, so sampling, elicitation and roots reach it and nobody else — ADR 0003).
 */
export class ClientSession {
  readonly id = randomUUID();
  readonly server: Server;
  private readonly capabilities: ServerCapabilities;
  /** Set by the client's logging/setLevel (logging.ts); undefined = everything. */
  logLevel: LoggingLevel | undefined;
  readonly subscriptions = new Set<string>();
  private readonly dedicated = new Map<string, Promise<DownstreamSession | undefined>>();
  private closed = false;

  constructor(
    private readonly hub: Hub,
    readonly scope: NameScope,
    readonly transport: UpstreamTransport,
    /** Client identity from the bridge's --client or the X-MCP-Hub-Client header; else clientInfo.name. */
    private readonly declaredClient?: string,
  ) {
    this.capabilities = hub.capabilitiesFor(scope);
    this.server = new Server(
      { name: "mcp-hub", title: "MCP Hub", version: hub.version },
      {
        capabilities: this.capabilities,
        instructions: hub.instructionsFor(scope),
        // One validator for all sessions: an Ajv instance per session costs ~1 MB and milliseconds to build.
        jsonSchemaValidator: SHARED_VALIDATOR,
      },
    );
    this.install();
  }

  /**
   * The plain tools/call requests this session can answer past its SDK Server (directCalls.ts), for a transport
   * that lets them be intercepted; undefined when the session offers no tools (the Server refuses the method).
   */
  directCalls(send: SendMessage): DirectCalls | undefined {
    if (!this.capabilities.tools) return undefined;
    return new DirectCalls((params, context) => this.hub.tools.call(this, params, context), send);
  }

  get clientName(): string {
    return this.declaredClient ?? this.server.getClientVersion()?.name ?? "unknown";
  }

  /** Whether this client can answer server→client requests, so it deserves its own downstream session. */
  get answersServerRequests(): boolean {
    const caps = this.server.getClientCapabilities();
    return Boolean(caps?.sampling || caps?.elicitation || caps?.roots);
  }

  /**
   * This client's own downstream session of a server, opened by `open` on first use and kept; undefined when it
   * could not be opened (the caller falls back to the shared connection) or the session has closed.
   */
  async dedicatedClient(
    serverName: string,
    open: () => Promise<DownstreamSession | undefined>,
  ): Promise<Client | undefined> {
    let pending = this.dedicated.get(serverName);
    if (!pending) this.dedicated.set(serverName, (pending = open()));
    const session = await pending;
    return session && !this.closed ? session.client : undefined;
  }

  /**
   * The server reconnected: a dedicated session from before is dead or orphaned (an exec'd process survives a
   * re-attach), so close it and open a new one on the next call.
   */
  forgetDedicated(serverName: string): void {
    const pending = this.dedicated.get(serverName);
    if (!pending) return;
    this.dedicated.delete(serverName);
    void pending.then((d) => d?.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sessions = await Promise.all(this.dedicated.values());
    this.dedicated.clear();
    await Promise.allSettled(sessions.map((s) => s?.close()));
    this.hub.detach(this);
  }

  /** Handlers only for what this session advertises (the SDK refuses the rest, and clients get "method not found"). */
  private install(): void {
    const { tools, prompts, resources, completion } = this.hub;
    const s = this.server;
    const caps = this.capabilities;
    if (caps.tools) {
      s.setRequestHandler(ListToolsRequestSchema, async () => tools.list(this));
      // Registered as Protocol does it, past Server's override, which parses every call's request a second time and
      // validates the relayed result against CallToolResultSchema: a relay passes results through unchanged and the
      // calling client validates them (the request is still checked once, against the same schema). ADR 0002.
      Protocol.prototype.setRequestHandler.call(s, CallToolRequestSchema, (req, extra) =>
        tools.call(this, req.params, extra),
      );
    }
    if (caps.prompts) {
      s.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: prompts.list(this) }));
      s.setRequestHandler(GetPromptRequestSchema, (req, extra) => prompts.get(this, req.params, extra));
    }
    if (caps.resources) {
      s.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: resources.list(this) }));
      s.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
        resourceTemplates: resources.templates(this),
      }));
      s.setRequestHandler(ReadResourceRequestSchema, (req, extra) => resources.read(this, req.params, extra));
    }
    if (caps.resources?.subscribe) {
      s.setRequestHandler(SubscribeRequestSchema, (req) => resources.subscribe(this, req.params.uri));
      s.setRequestHandler(UnsubscribeRequestSchema, (req) => resources.unsubscribe(this, req.params.uri));
    }
    if (caps.completions)
      s.setRequestHandler(CompleteRequestSchema, (req, extra) =>
        completion.complete(this, req.params, extra),
      );
    // Answered here, never forwarded: one client must not change what another is sent (logging.ts).
    s.setRequestHandler(SetLevelRequestSchema, async (req) => {
      this.logLevel = req.params.level;
      return {};
    });
    s.setNotificationHandler(RootsListChangedNotificationSchema, async () => {
      for (const pending of this.dedicated.values())
        void pending.then((d) => d?.client.sendRootsListChanged());
    });
    s.onclose = () => void this.close();
  }
}
