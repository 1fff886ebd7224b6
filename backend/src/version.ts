/** Bumped with the package version at release. */
export const VERSION = "0.1.0";
