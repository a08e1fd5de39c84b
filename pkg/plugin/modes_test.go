package plugin

import (
	"sync"

	"github.com/seed/serverless/pkg/awsclients"
	"github.com/seed/serverless/pkg/mode/awsmode"
)

// awsSetup is what a test data source's AWS mode was built from, so a test can rebuild it with
// one option changed.
type awsSetup struct {
	conn *awsclients.Connection
	opts awsmode.Options
}

var awsSetups sync.Map // *Datasource → awsSetup

// useAWS answers d's queries from AWS through conn, with readers tuned by o.
func (d *Datasource) useAWS(conn *awsclients.Connection, o awsmode.Options) {
	awsSetups.Store(d, awsSetup{conn: conn, opts: o})
	d.mode = awsmode.New(conn, d.settings.AWS, d.slos(), clock, o)
}

// connection is the AWS connection d's mode reads through.
func (d *Datasource) connection() *awsclients.Connection {
	s, _ := awsSetups.Load(d)
	return s.(awsSetup).conn
}

// rebuildAWS builds d's AWS mode again from its settings (its SLOs, say) with its options changed
// by change, if not nil.
func (d *Datasource) rebuildAWS(change func(*awsmode.Options)) {
	s, _ := awsSetups.Load(d)
	o := s.(awsSetup).opts
	if change != nil {
		change(&o)
	}
	d.useAWS(s.(awsSetup).conn, o)
}
