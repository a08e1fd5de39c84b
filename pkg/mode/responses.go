package mode

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// Guard turns a panic into the named query's error so the process keeps serving.
func Guard(refID string, answer func() backend.DataResponse) (res backend.DataResponse) {
	defer func() {
		if r := recover(); r != nil {
			log.DefaultLogger.Error("query panicked", "refId", refID, "panic", r, "stack", string(debug.Stack()))
			res = backend.ErrDataResponse(backend.StatusInternal, fmt.Sprintf("internal error while running query %s: %v", refID, r))
		}
	}()
	return answer()
}

// StatusError carries the status a query's error should be answered with, and whether the
// failure is downstream (AWS's) rather than the query's own.
type StatusError struct {
	Status     backend.Status
	Downstream bool
	Err        error
}

func (e *StatusError) Error() string { return e.Err.Error() }
func (e *StatusError) Unwrap() error { return e.Err }

// Downstream is a failure of AWS, answered with status.
func Downstream(status backend.Status, err error) *StatusError {
	return &StatusError{Status: status, Downstream: true, Err: err}
}

// BadRequest is the query's own mistake.
func BadRequest(err error) *StatusError {
	return &StatusError{Status: backend.StatusBadRequest, Err: err}
}

// ErrorResponse answers err with its status; an error without one is the query's own mistake.
func ErrorResponse(err error) backend.DataResponse {
	var se *StatusError
	if errors.As(err, &se) {
		res := backend.DataResponse{Error: err, Status: se.Status}
		if se.Downstream {
			res.ErrorSource = backend.ErrorSourceDownstream
		}
		return res
	}
	return backend.ErrDataResponse(backend.StatusBadRequest, err.Error())
}

// Answer is the response of frames, or of err when it is not nil.
func Answer(frames data.Frames, err error) backend.DataResponse {
	if err != nil {
		return ErrorResponse(err)
	}
	return backend.DataResponse{Frames: frames}
}
