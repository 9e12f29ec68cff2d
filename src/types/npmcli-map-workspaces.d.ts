// @npmcli/map-workspaces ships no types; its README: `mapWorkspaces({ cwd, pkg })`
// resolves to a Map of workspace package name → absolute folder.
declare module '@npmcli/map-workspaces' {
  export default function mapWorkspaces(options: { cwd: string; pkg: Record<string, unknown> }): Promise<Map<string, string>>;
}
