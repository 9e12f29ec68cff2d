// @npmcli/map-workspaces ships no types; its README: `mapWorkspaces({ cwd, pkg })`
// resolves to a Map of workspace package name → absolute folder.
// `mapWorkspaces.virtual({ cwd, lockfile })` does the same from a lockfile's root entry and package keys.
declare module '@npmcli/map-workspaces' {
  function mapWorkspaces(options: { cwd: string; pkg: Record<string, unknown> }): Promise<Map<string, string>>;
  namespace mapWorkspaces {
    function virtual(options: { cwd: string; lockfile: { packages: Record<string, unknown> } }): Map<string, string>;
  }
  export default mapWorkspaces;
}
