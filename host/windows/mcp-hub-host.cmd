@echo off
rem MCP Hub host helper for Windows (Docker Desktop extension `host.binaries`; also usable by hand).
rem
rem   mcp-hub-host.cmd <ls|preview|connect|disconnect|restore> [client] [--transport stdio|http] [--force] [--json]
rem
rem Runs as the user, so it knows %USERPROFILE%, %APPDATA% and %LOCALAPPDATA%; the work is done by `mcp-hub client`
rem in our own image with the profile bind-mounted (the clients module maps the host's paths onto the mount).
rem Docker Desktop passes arguments through cmd.exe, so only simple words are accepted: no paths, no JSON.
rem   MCP_HUB_IMAGE       image to run (default below; the extension build pins it to its own tag)
rem   MCP_HUB_DOCKER      docker executable (default: docker on PATH)
setlocal EnableExtensions DisableDelayedExpansion

if not defined MCP_HUB_IMAGE set "MCP_HUB_IMAGE=mcp-hub:dev"
if not defined MCP_HUB_DOCKER set "MCP_HUB_DOCKER=docker"
if not defined USERPROFILE (
  echo mcp-hub-host: USERPROFILE is not set 1>&2
  exit /b 2
)

set "ACTION=%~1"
if /i not "%ACTION%"=="ls" if /i not "%ACTION%"=="preview" if /i not "%ACTION%"=="connect" if /i not "%ACTION%"=="disconnect" if /i not "%ACTION%"=="restore" (
  echo usage: mcp-hub-host.cmd ^<ls^|preview^|connect^|disconnect^|restore^> [client] [--transport stdio^|http] [--force] [--json] 1>&2
  exit /b 2
)
rem Every argument must be a simple word: letters, digits and dashes only.
for %%A in (%*) do (
  echo(%%~A| "%SystemRoot%\System32\findstr.exe" /r /x /c:"[abcdefghijklmnopqrstuvwxyz0123456789-][abcdefghijklmnopqrstuvwxyz0123456789-]*" >nul || (
    echo mcp-hub-host: refusing argument "%%~A" ^(only lower-case words, digits and dashes^) 1>&2
    exit /b 2
  )
)

rem Claude Desktop (and docker.exe) need these host values; each travels under a prefix so it describes the host.
"%MCP_HUB_DOCKER%" run --rm --pull never --network none ^
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
  "%MCP_HUB_IMAGE%" mcp-hub client %*
exit /b %ERRORLEVEL%
