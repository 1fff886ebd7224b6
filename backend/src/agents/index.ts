export { AgentDirectory, type A2AVersion, type AgentEndpoint, type AgentRecord } from "./agentDirectory.js";
