import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import {
  sceneGraph,
  SceneObjectBase,
  type SceneComponentProps,
  type SceneObjectState,
  VariableDependencyConfig,
} from '@grafana/scenes';
import {
  Alert,
  Badge,
  type BadgeColor,
  Button,
  type Column,
  InteractiveTable,
  LoadingPlaceholder,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';

import { type GrafanaHttp, installRules, type RuleState, ruleStates, statesOf } from '../services/grafanaAlerting';
import { folderOf, providedRuleGroups } from '../services/providedRules';
import { testIds } from '../services/testIds';
import type { RuleGroup } from '../slo/rules';
import type { SloSpec } from '../slo/spec';

export interface RuleRow {
  uid: string;
  title: string;
  severity: string;
  slo?: string;
  state: RuleState;
  error?: string;
}

interface AlertRulesState extends SceneObjectState {
  datasourceUid: string;
  /** Only this SLO's rules; may be a $variable. */
  slo?: string;
  rows?: RuleRow[];
  loading: boolean;
  installing: boolean;
  error?: string;
  message?: string;
}

/** The SLOs a data source answers for, from its back end. */
export async function fetchSlos(http: GrafanaHttp, datasourceUid: string): Promise<SloSpec[]> {
  const response = await http.get<{ slos: SloSpec[] | null }>(
    `/api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources/slos`
  );
  return response.slos ?? [];
}

const messageOf = (error: unknown) =>
  (error as { data?: { message?: string } })?.data?.message ?? (error as Error)?.message ?? String(error);

/**
 * The alert rules the app provides for its data source (burn rates of its SLOs and the operational
 * rules), each with its state in Grafana, and a button that installs or updates them.
 */
export class AlertRulesScene extends SceneObjectBase<AlertRulesState> {
  static Component = AlertRulesRenderer;

  protected _variableDependency = new VariableDependencyConfig(this, {
    statePaths: ['slo'],
    onReferencedVariableValueChanged: () => this.load(),
  });

  private groups: RuleGroup[] = [];

  constructor(
    state: Pick<AlertRulesState, 'datasourceUid' | 'slo'>,
    private readonly http: GrafanaHttp = getBackendSrv()
  ) {
    super({ loading: true, installing: false, ...state });
    this.addActivationHandler(() => {
      this.load();
    });
  }

  async load() {
    this.setState({ loading: true, error: undefined });
    try {
      const specs = await fetchSlos(this.http, this.state.datasourceUid);
      this.groups = providedRuleGroups(this.state.datasourceUid, specs);
      const states = await ruleStates(this.http);
      const slo = this.state.slo ? sceneGraph.interpolate(this, this.state.slo) : undefined;
      const provided = this.groups.flatMap((g) => g.rules).filter((r) => !slo || r.labels.slo === slo);
      const rows = statesOf(provided, states).map((status, i) => ({
        uid: provided[i].uid,
        title: provided[i].title,
        severity: provided[i].labels.severity,
        slo: provided[i].labels.slo,
        state: status.state,
        error: status.error,
      }));
      this.setState({ rows, loading: false });
    } catch (error) {
      this.setState({ loading: false, error: `Could not read the alert rules: ${messageOf(error)}` });
    }
  }

  async install() {
    this.setState({ installing: true, message: undefined, error: undefined });
    try {
      const { created, updated, unchanged, fromFiles } = await installRules(this.http, this.groups, folderOf);
      const files = fromFiles.length
        ? ` ${fromFiles.length} come from provisioning files and were left as they are.`
        : '';
      this.setState({
        installing: false,
        message: `Created ${created.length}, updated ${updated.length} and left ${unchanged.length} unchanged rules.${files}`,
      });
      await this.load();
    } catch (error) {
      this.setState({ installing: false, error: `Could not install the rules: ${messageOf(error)}` });
    }
  }
}

const stateColors: Record<RuleState, BadgeColor> = {
  firing: 'red',
  pending: 'orange',
  error: 'red',
  nodata: 'blue',
  recovering: 'orange',
  inactive: 'green',
  'not installed': 'darkgrey',
};

/** The worst state among some rules: what an SLO's alerting shows at a glance. */
export function worstState(states: RuleState[]): RuleState {
  const order: RuleState[] = ['firing', 'error', 'pending', 'recovering', 'nodata', 'inactive', 'not installed'];
  return order.find((s) => states.includes(s)) ?? 'not installed';
}

export function RuleStateBadge({ state }: { state: RuleState }) {
  return <Badge text={state === 'inactive' ? 'normal' : state} color={stateColors[state]} />;
}

function AlertRulesRenderer({ model }: SceneComponentProps<AlertRulesScene>) {
  const { rows, loading, installing, error, message } = model.useState();
  const styles = useStyles2(getStyles);
  const columns = useMemo<Array<Column<RuleRow>>>(
    () => [
      { id: 'title', header: 'Rule' },
      { id: 'severity', header: 'Severity' },
      { id: 'state', header: 'State', cell: ({ row }) => <RuleStateBadge state={row.original.state} /> },
      { id: 'error', header: 'Last error', cell: ({ row }) => row.original.error ?? '' },
    ],
    []
  );
  const missing = rows?.filter((r) => r.state === 'not installed').length ?? 0;
  return (
    <div className={styles.container} data-testid={testIds.alerts.container}>
      <Stack direction="row" alignItems="center" justifyContent="space-between">
        <Text color="secondary">
          {!rows ? '' : missing > 0 ? `${missing} of ${rows.length} rules are not installed.` : `${rows.length} rules.`}
        </Text>
        <Button
          icon="cloud-upload"
          onClick={() => model.install()}
          disabled={installing || loading}
          data-testid={testIds.alerts.install}
        >
          {installing ? 'Installing…' : 'Install or update rules'}
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" title="Alert rules">
          {error}
        </Alert>
      )}
      {message && <Alert severity="success" title={message} />}
      {loading && !rows ? (
        <LoadingPlaceholder text="Reading the alert rules…" />
      ) : rows?.length ? (
        <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.uid} />
      ) : (
        !error && <Text color="secondary">No rules: the data source has no SLOs.</Text>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
});
