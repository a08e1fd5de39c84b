package model

import "time"

// EventKind says what changed.
type EventKind string

const (
	EventDeployment    EventKind = "deployment"
	EventConfiguration EventKind = "configuration"
)

// Event is a change to a function: a deployment or a configuration change.
type Event struct {
	Time        time.Time
	Kind        EventKind
	Function    string
	Region      string
	Description string
}
