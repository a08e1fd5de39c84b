import React from 'react';
import {
  type SceneComponentProps,
  sceneGraph,
  SceneObjectBase,
  type SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import type { DataSourceRef } from '@grafana/schema';
import { LinkButton } from '@grafana/ui';

import type { ServerlessQuery } from '../datasource/types';
import { exploreSplitUrl } from '../services/explore';
import { testIds } from '../services/testIds';

interface ExploreSplitButtonState extends SceneObjectState {
  datasource: DataSourceRef;
  metrics: ServerlessQuery[];
  logs: ServerlessQuery[];
}

/** Opens Explore in split view with the page's metrics and logs queries, variables filled in. */
export class ExploreSplitButton extends SceneObjectBase<ExploreSplitButtonState> {
  static Component = ExploreSplitButtonRenderer;

  // The link names the variables' values: drawn again whenever one of them changes.
  protected _variableDependency = new VariableDependencyConfig(this, { statePaths: ['metrics', 'logs'] });

  /** The queries with this scene's variables replaced, as Explore must receive them. */
  interpolated(queries: ServerlessQuery[]): ServerlessQuery[] {
    return queries.map((q) => ({
      ...q,
      names: q.names?.map((n) => sceneGraph.interpolate(this, n)),
      search: q.search === undefined ? undefined : sceneGraph.interpolate(this, q.search),
    }));
  }

  url(): string {
    const { datasource, metrics, logs } = this.state;
    const range = sceneGraph.getTimeRange(this).state.value.raw;
    return exploreSplitUrl(datasource, this.interpolated(metrics), this.interpolated(logs), range);
  }
}

function ExploreSplitButtonRenderer({ model }: SceneComponentProps<ExploreSplitButton>) {
  model.useState();
  sceneGraph.getTimeRange(model).useState();
  return (
    <LinkButton data-testid={testIds.correlate.openInExplore} icon="compass" variant="secondary" href={model.url()}>
      Open in Explore
    </LinkButton>
  );
}
