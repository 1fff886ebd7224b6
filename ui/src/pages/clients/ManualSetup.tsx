import { useState } from "react";
import {
  Card,
  CardContent,
  MenuItem,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from "@mui/material";
import {
  inDockerDesktop,
  userPlatform,
  type ClientSetupGuide,
  type ClientSetupOption,
  type Platform,
} from "../../api";
import { Snippet } from "../../components/Snippet";
import { LoadError, Loading } from "../../components/States";
import { useClientSetup } from "../../queries/useClients";

const PLATFORMS: Record<Platform, string> = { linux: "Linux", darwin: "macOS", win32: "Windows" };
const TRANSPORTS = { stdio: "stdio (bridge container)", http: "HTTP" } as const;

function tokenText(option: ClientSetupOption): string {
  if (option.transport === "stdio")
    return "The bridge container reads the hub's token from the hub's data volume, so the file holds no secret.";
  if (option.token?.from === "prompt")
    return "The client asks for the hub's token the first time and keeps it in its secret storage; copy the token from the Settings page.";
  return `The entry reads the hub's token from ${option.token?.name ?? "an environment variable"}: set it, to the token on the Settings page, where the client starts.`;
}

function homeText(guide: ClientSetupGuide): string | undefined {
  if (guide.exactHome) return undefined;
  const spelled =
    guide.platform === "win32"
      ? " (inside the file, write it out as JSON spells it: C:\\\\Users\\\\you)"
      : "";
  return `${guide.home} stands for your home folder${spelled}.`;
}

function Guide({ guide }: { guide: ClientSetupGuide }) {
  const [clientId, setClientId] = useState(guide.clients[0]?.client ?? "");
  const [transport, setTransport] = useState<ClientSetupOption["transport"]>("stdio");
  const client = guide.clients.find((c) => c.client === clientId) ?? guide.clients[0];
  if (!client) return null;
  const option = client.options.find((o) => o.transport === transport) ?? client.options[0];
  if (!option) return null;
  const servers = [...client.serversPath, client.entryName].map((key) => `"${key}"`).join(" → ");
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} alignItems="center" useFlexGap flexWrap="wrap">
        <TextField
          select
          size="small"
          label="Client"
          value={client.client}
          onChange={(e) => setClientId(e.target.value)}
          sx={{ minWidth: 200 }}
        >
          {guide.clients.map((c) => (
            <MenuItem key={c.client} value={c.client}>
              {c.displayName}
            </MenuItem>
          ))}
        </TextField>
        {client.options.length > 1 && (
          <ToggleButtonGroup
            size="small"
            exclusive
            value={option.transport}
            onChange={(_e, value: ClientSetupOption["transport"] | null) => value && setTransport(value)}
            aria-label="Transport"
          >
            {client.options.map((o) => (
              <ToggleButton key={o.transport} value={o.transport}>
                {TRANSPORTS[o.transport]}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        )}
      </Stack>
      <Snippet
        label="With the host helper (host/ in the MCP Hub repository)"
        text={option.command}
        what="command"
      />
      <Typography variant="body2" color="text.secondary">
        It does what the Connect button does, backing the file up first; <code>preview</code> in place of{" "}
        <code>connect</code> shows the change without writing it, <code>disconnect</code> undoes it.
      </Typography>
      <Snippet label={`Or by hand, in ${client.file}`} text={option.newFile} what="configuration" />
      <Typography variant="body2" color="text.secondary">
        A new file gets exactly this. In an existing one, add the entry at {servers} and keep the rest.{" "}
        {tokenText(option)} {client.afterChange} {homeText(guide)}
      </Typography>
    </Stack>
  );
}

/**
 * How to connect a client when nothing here can write its file (a hub without the user's home, a Desktop without
 * the host helper). The text comes from the hub, built by the code that writes client entries, so it cannot drift.
 */
export function ManualSetup() {
  const [platform, setPlatform] = useState<Platform>(userPlatform);
  const setup = useClientSetup(platform);
  return (
    <Card variant="outlined" component="section" aria-labelledby="manual-setup">
      <CardContent>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2} justifyContent="space-between" alignItems="flex-start">
            <div>
              <Typography variant="h6" component="h2" id="manual-setup">
                Connect a client by hand
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {inDockerDesktop()
                  ? "Docker Desktop did not give this extension its host helper, so it cannot edit client configuration files."
                  : "This hub cannot see your home folder, so it cannot edit client configuration files from here."}{" "}
                Run the host helper on your machine, or add the hub&apos;s entry to the client&apos;s file
                yourself.
              </Typography>
            </div>
            <TextField
              select
              size="small"
              label="Your system"
              value={platform}
              onChange={(e) => setPlatform(e.target.value as Platform)}
              sx={{ minWidth: 140, flexShrink: 0 }}
            >
              {Object.entries(PLATFORMS).map(([value, label]) => (
                <MenuItem key={value} value={value}>
                  {label}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          {setup.isPending ? (
            <Loading what="the setup" />
          ) : setup.isError ? (
            <LoadError what="the setup" error={setup.error} onRetry={() => setup.refetch()} />
          ) : (
            <Guide key={platform} guide={setup.data} />
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
