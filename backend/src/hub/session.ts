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
  LoggingLevelSchema,
  ReadResourceRequestSchema,
  RootsListChangedNotificationSchema,
  SetLevelRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type LoggingLevel,
  type ServerCapabilities,
} from "@modelcontextprotocol/sdk/types.js";
import { DirectCalls, type SendMessage } from "./directCalls.js";
import type { Hub } from "./hub.js";
import type { NameScope } from "./naming.js";

/** "dashboard": the REST try-it call, an in-process session (api/tryIt.ts); "stateless-http": one 2026-07-28 request. */
export type UpstreamTransport = "streamable-http" | "stateless-http" | "sse" | "stdio" | "dashboard";

const LEVELS = LoggingLevelSchema.options;
/** One JSON Schema validator for every SDK Server and Client the hub makes (Ajv instances are heavy). */
export const SHARED_VALIDATOR = new AjvJsonSchemaValidator();

/** Downstream sessions for this client alone: a server's sampling reaches the client that caused it (ADR 0003). */
interface DedicatedSession {
  client: Client;
  close(): Promise<void>;
}

/** One connected client: its own SDK Server, log level, subscriptions and dedicated downstream sessions. */
export class ClientSession {
  readonly id = randomUUID();
  readonly server: Server;
  private readonly capabilities: ServerCapabilities;
  logLevel: LoggingLevel | undefined;
  readonly subscriptions = new Set<string>();
  private readonly dedicated = new Map<string, Promise<DedicatedSession | undefined>>();
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
    return new DirectCalls((params, context) => this.hub.callTool(this, params, context), send);
  }

  get clientName(): string {
    return this.declaredClient ?? this.server.getClientVersion()?.name ?? "unknown";
  }

  /** Whether this client can answer server→client requests, so it deserves its own downstream session. */
  get answersServerRequests(): boolean {
    const caps = this.server.getClientCapabilities();
    return Boolean(caps?.sampling || caps?.elicitation || caps?.roots);
  }

  wantsLog(level: string): boolean {
    if (!this.logLevel) return true;
    return LEVELS.indexOf(level as LoggingLevel) >= LEVELS.indexOf(this.logLevel);
  }

  /** The downstream client to use for a call: a dedicated session when this client answers server requests. */
  async clientFor(serverName: string, shared: () => Client): Promise<Client> {
    if (!this.answersServerRequests) return shared();
    let pending = this.dedicated.get(serverName);
    if (!pending) {
      pending = this.hub.openDedicated(serverName, this).catch((error) => {
        this.hub.log.warn(
          { server: serverName, err: error },
          "no dedicated downstream session; using the shared one",
        );
        return undefined;
      });
      this.dedicated.set(serverName, pending);
    }
    const session = await pending;
    if (session && !this.closed) return session.client;
    return shared();
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
    const hub = this.hub;
    const s = this.server;
    const caps = this.capabilities;
    if (caps.tools) {
      s.setRequestHandler(ListToolsRequestSchema, async () => hub.listTools(this));
      // Registered as Protocol does it, past Server's override, which parses every call's request a second time and
      // validates the relayed result against CallToolResultSchema: a relay passes results through unchanged and the
      // calling client validates them (the request is still checked once, against the same schema).
      Protocol.prototype.setRequestHandler.call(s, CallToolRequestSchema, (req, extra) =>
        hub.callTool(this, req.params, extra),
      );
    }
    if (caps.prompts) {
      s.setRequestHandler(ListPromptsRequestSchema, async () => ({ prompts: hub.listPrompts(this) }));
      s.setRequestHandler(GetPromptRequestSchema, (req, extra) => hub.getPrompt(this, req.params, extra));
    }
    if (caps.resources) {
      s.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: hub.listResources(this) }));
      s.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
        resourceTemplates: hub.listResourceTemplates(this),
      }));
      s.setRequestHandler(ReadResourceRequestSchema, (req, extra) =>
        hub.readResource(this, req.params, extra),
      );
    }
    if (caps.resources?.subscribe) {
      s.setRequestHandler(SubscribeRequestSchema, (req) => hub.subscribe(this, req.params.uri));
      s.setRequestHandler(UnsubscribeRequestSchema, (req) => hub.unsubscribe(this, req.params.uri));
    }
    if (caps.completions)
      s.setRequestHandler(CompleteRequestSchema, (req, extra) => hub.complete(this, req.params, extra));
    // Answered here, never forwarded: one client must not change what another is sent.
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
