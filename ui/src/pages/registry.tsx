import type { ComponentType } from "react";
import { ActivityPage } from "./activity/ActivityPage";
import { AgentsPage } from "./agents/AgentsPage";
import { ClientsPage } from "./clients/ClientsPage";
import { RegistryPage } from "./localRegistry/RegistryPage";
import { DockerPage } from "./docker/DockerPage";
import { MigratePage } from "./migrate/MigratePage";
import { OverviewPage } from "./overview/OverviewPage";
import { ServersPage } from "./servers/ServersPage";
import { SettingsPage } from "./settings/SettingsPage";

export interface PageEntry {
  /** Route path under the hash router, and the tab's identity. */
  path: string;
  label: string;
  Component: ComponentType;
}

/** The tabs, in order. A new page is a folder under pages/ plus one line here. */
export const pages: PageEntry[] = [
  { path: "/", label: "Overview", Component: OverviewPage },
  { path: "/servers", label: "Servers", Component: ServersPage },
  { path: "/agents", label: "Agents", Component: AgentsPage },
  { path: "/clients", label: "Clients", Component: ClientsPage },
  { path: "/migrate", label: "Migrate", Component: MigratePage },
  { path: "/activity", label: "Activity", Component: ActivityPage },
  { path: "/registry", label: "Registry", Component: RegistryPage },
  { path: "/docker", label: "Docker", Component: DockerPage },
  { path: "/settings", label: "Settings", Component: SettingsPage },
];
