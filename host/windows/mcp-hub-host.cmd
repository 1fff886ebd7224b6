@echo off
rem MCP Hub host helper for Windows (Docker Desktop extension `host.binaries`; also usable by hand).
rem
rem   mcp-hub-host.cmd <ls|preview|connect|disconnect|restore> [client] [--transport stdio|http] [--force] [--json]
rem   mcp-hub-host.cmd migrate <scan|plan|run|status|resume|rollback> [client|server] [--only server] [--yes] [--json]
rem
rem Runs as the user, so it knows %USERPROFILE%, %APPDATA% and %LOCALAPPDATA%; the work is done by `mcp-hub client`
rem (or `mcp-hub migrate`) in our own image with the profile bind-mounted (the clients module maps the host's paths
rem onto the mount). Docker Desktop passes arguments through cmd.exe, so only simple words are accepted: no paths, no
rem JSON. `client` commands run without a network. `migrate` talks to the hub at http://mcp-hub:3010 on its network,
rem with the token read in the container from the hub's data volume (read-only), as the bridge does: no secret passes
rem through here or argv. `migrate scan -` reads a client file from stdin; with no terminal here, `run` and
rem `rollback` need --yes.
rem   MCP_HUB_IMAGE       image to run (default below; the extension build pins it to its own tag)
rem   MCP_HUB_DOCKER      docker executable (default: docker on PATH)
rem   MCP_HUB_NETWORK     network on which the hub answers as mcp-hub (default mcp-hub)
rem   MCP_HUB_DATA_VOLUME volume (or directory) holding the hub's token (default mcp-hub-data)
setlocal EnableExtensions DisableDelayedExpansion

if not defined MCP_HUB_IMAGE set "MCP_HUB_IMAGE=mcp-hub:dev"
if not defined MCP_HUB_DOCKER set "MCP_HUB_DOCKER=docker"
if not defined MCP_HUB_NETWORK set "MCP_HUB_NETWORK=mcp-hub"
if not defined MCP_HUB_DATA_VOLUME set "MCP_HUB_DATA_VOLUME=mcp-hub-data"
if not defined USERPROFILE (
  echo mcp-hub-host: USERPROFILE is not set 1>&2
  exit /b 2
)

set "ACTION=%~1"
set "SUB=%~2"
if /i "%ACTION%"=="migrate" (
  if /i not "%SUB%"=="scan" if /i not "%SUB%"=="plan" if /i not "%SUB%"=="run" if /i not "%SUB%"=="status" if /i not "%SUB%"=="resume" if /i not "%SUB%"=="rollback" goto :usage
) else (
  if /i not "%ACTION%"=="ls" if /i not "%ACTION%"=="preview" if /i not "%ACTION%"=="connect" if /i not "%ACTION%"=="disconnect" if /i not "%ACTION%"=="restore" goto :usage
)
rem Every argument must be a simple word: letters, digits and dashes only.
for %%A in (%*) do (
  echo(%%~A| "%SystemRoot%\System32\findstr.exe" /r /x /c:"[abcdefghijklmnopqrstuvwxyz0123456789-][abcdefghijklmnopqrstuvwxyz0123456789-]*" >nul || (
    echo mcp-hub-host: refusing argument "%%~A" ^(only lower-case words, digits and dashes^) 1>&2
    exit /b 2
  )
)

rem `migrate` reaches the hub on its network and reads the token from its data volume, read-only (as the bridge
rem does), with stdin for `scan -`; `client` commands need no network.
if /i "%ACTION%"=="migrate" (
  set "RUN_ARGS=--network "%MCP_HUB_NETWORK%" -v "%MCP_HUB_DATA_VOLUME%:/data:ro" -e HUB_DATA_DIR=/data -e MCP_HUB_URL=http://mcp-hub:3010 -i"
  set "COMMAND=mcp-hub"
) else (
  set "RUN_ARGS=--network none"
  set "COMMAND=mcp-hub client"
)

rem Claude Desktop (and docker.exe) need these host values; each travels under a prefix so it describes the host.
"%MCP_HUB_DOCKER%" run --rm --pull never %RUN_ARGS% ^
  -v "%USERPROFILE%:/host-home" ^
  -e HUB_HOST_HOME=/host-home ^
  -e HUB_HOST_PLATFORM=win32 ^
  -e "HUB_HOST_USER_HOME=%USERPROFILE%" ^
  -e "HUB_HOST_ENV_USERPROFILE=%USERPROFILE%" ^
  -e "HUB_HOST_ENV_APPDATA=%APPDATA%" ^
  -e "HUB_HOST_ENV_LOCALAPPDATA=%LOCALAPPDATA%" ^
  -e "HUB_HOST_ENV_SystemDrive=%SystemDrive%" ^
  -e "HUB_HOST_ENV_SystemRoot=%SystemRoot%" ^
  -e "HUB_HOST_ENV_ProgramData=%ProgramData%" ^
  -e "HUB_HOST_ENV_ProgramFiles=%ProgramFiles%" ^
  -e "HUB_HOST_ENV_CLAUDE_CONFIG_DIR=%CLAUDE_CONFIG_DIR%" ^
  "%MCP_HUB_IMAGE%" %COMMAND% %*
exit /b %ERRORLEVEL%

:usage
echo usage: mcp-hub-host.cmd ^<ls^|preview^|connect^|disconnect^|restore^> [client] [--transport stdio^|http] [--force] [--json] 1>&2
echo        mcp-hub-host.cmd migrate ^<scan^|plan^|run^|status^|resume^|rollback^> [client^|server] [--only server] [--yes] [--json] 1>&2
exit /b 2
