import { QueryKind, type ServerlessQuery } from '../datasource/types';

/** The queries the app's pages run, in one place; $region and $pattern are the pages' variables. */
export const queries = {
  inventory: (): ServerlessQuery => ({
    refId: 'inventory',
    queryType: QueryKind.Inventory,
    region: '$region',
    pattern: '$pattern',
  }),
  topology: (): ServerlessQuery => ({ refId: 'topology', queryType: QueryKind.Topology }),
  topErrors: (): ServerlessQuery => ({ refId: 'topErrors', queryType: QueryKind.Logs, preset: 'topErrors' }),
  regions: (): ServerlessQuery => ({ refId: 'regions', queryType: QueryKind.Variable, variable: 'regions' }),
};
