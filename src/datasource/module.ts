import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { ServerlessDataSourceOptions, ServerlessQuery } from './types';

export const plugin = new DataSourcePlugin<DataSource, ServerlessQuery, ServerlessDataSourceOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
