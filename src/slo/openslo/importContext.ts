/** What an SLO's import can look up (SLI and DataSource documents by name) and where it reports what it drops. */
export interface ImportContext {
  slis: Map<string, unknown>;
  dataSources: Map<string, unknown>;
  warn: (path: string, message: string) => void;
}
