// Grafana's page chrome for plugin pages: the title, the subtitle and the body, as Grafana's Page draws them.
import React from 'react';
import type { PluginPageProps } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

export function HostPluginPage({ pageNav, subTitle, actions, children }: PluginPageProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      {pageNav && (
        <header className={styles.header}>
          <h1 data-testid="data-testid header-container">{pageNav.text}</h1>
          {(subTitle ?? pageNav.subTitle) && <div className={styles.subTitle}>{subTitle ?? pageNav.subTitle}</div>}
          {actions}
        </header>
      )}
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({
    padding: theme.spacing(2, 3),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    flexGrow: 1,
  }),
  header: css({ marginBottom: theme.spacing(1) }),
  subTitle: css({ color: theme.colors.text.secondary }),
});
