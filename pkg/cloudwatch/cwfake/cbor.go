package cwfake

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
	"unicode/utf8"
)

// A small CBOR (RFC 8949) codec of the subset Smithy RPC v2 uses, written here rather than
// borrowed from the SDK so the fake checks the client's bytes independently.
//
// Decoded values are uint64, int64 (negative integers), []byte, string, []any, map[string]any,
// epochSeconds (tag 1), bool, nil and float64.

// epochSeconds is a timestamp as Smithy RPC v2 sends it: tag 1 around seconds since the epoch.
type epochSeconds float64

func (e epochSeconds) time() time.Time {
	return time.UnixMilli(int64(math.Round(float64(e) * 1000))).UTC()
}

const maxDepth = 64

var errTruncated = errors.New("cbor: truncated input")

type decoder struct {
	p   []byte
	off int
}

func decodeCBOR(p []byte) (any, error) {
	d := &decoder{p: p}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if d.off != len(p) {
		return nil, fmt.Errorf("cbor: %d bytes after the top-level value", len(p)-d.off)
	}
	return v, nil
}

func (d *decoder) byte() (byte, error) {
	if d.off >= len(d.p) {
		return 0, errTruncated
	}
	b := d.p[d.off]
	d.off++
	return b, nil
}

func (d *decoder) take(n uint64) ([]byte, error) {
	if n > uint64(len(d.p)-d.off) {
		return nil, errTruncated
	}
	b := d.p[d.off : d.off+int(n)]
	d.off += int(n)
	return b, nil
}

// argument reads the argument of an initial byte's minor value; indefinite is true for 31.
func (d *decoder) argument(minor byte) (arg uint64, indefinite bool, err error) {
	switch {
	case minor < 24:
		return uint64(minor), false, nil
	case minor == 24:
		b, err := d.take(1)
		if err != nil {
			return 0, false, err
		}
		return uint64(b[0]), false, nil
	case minor == 25:
		b, err := d.take(2)
		if err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint16(b)), false, nil
	case minor == 26:
		b, err := d.take(4)
		if err != nil {
			return 0, false, err
		}
		return uint64(binary.BigEndian.Uint32(b)), false, nil
	case minor == 27:
		b, err := d.take(8)
		if err != nil {
			return 0, false, err
		}
		return binary.BigEndian.Uint64(b), false, nil
	case minor == 31:
		return 0, true, nil
	}
	return 0, false, fmt.Errorf("cbor: reserved additional information %d", minor)
}

func (d *decoder) atBreak() bool {
	return d.off < len(d.p) && d.p[d.off] == 0xff
}

func (d *decoder) value(depth int) (any, error) {
	if depth > maxDepth {
		return nil, errors.New("cbor: nested too deeply")
	}
	ib, err := d.byte()
	if err != nil {
		return nil, err
	}
	major, minor := ib>>5, ib&0x1f
	if major == 7 {
		return d.simple(minor)
	}
	arg, indefinite, err := d.argument(minor)
	if err != nil {
		return nil, err
	}
	if indefinite && (major == 0 || major == 1 || major == 6) {
		return nil, fmt.Errorf("cbor: major type %d cannot be indefinite", major)
	}
	switch major {
	case 0:
		return arg, nil
	case 1:
		if arg > math.MaxInt64 {
			return nil, errors.New("cbor: negative integer out of range")
		}
		return -1 - int64(arg), nil
	case 2, 3:
		b, err := d.stringBytes(major, arg, indefinite)
		if err != nil {
			return nil, err
		}
		if major == 2 {
			return b, nil
		}
		if !utf8.Valid(b) {
			return nil, errors.New("cbor: text string is not UTF-8")
		}
		return string(b), nil
	case 4:
		var list []any
		for i := uint64(0); indefinite || i < arg; i++ {
			if indefinite && d.atBreak() {
				d.off++
				break
			}
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		if list == nil {
			list = []any{}
		}
		return list, nil
	case 5:
		m := map[string]any{}
		for i := uint64(0); indefinite || i < arg; i++ {
			if indefinite && d.atBreak() {
				d.off++
				break
			}
			k, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			key, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("cbor: map key %T is not a text string", k)
			}
			if _, dup := m[key]; dup {
				return nil, fmt.Errorf("cbor: map key %q appears twice", key)
			}
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			m[key] = v
		}
		return m, nil
	case 6:
		v, err := d.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if arg != 1 {
			return nil, fmt.Errorf("cbor: tag %d is not used by Smithy RPC v2", arg)
		}
		switch t := v.(type) {
		case uint64:
			return epochSeconds(t), nil
		case int64:
			return epochSeconds(t), nil
		case float64:
			return epochSeconds(t), nil
		}
		return nil, fmt.Errorf("cbor: tag 1 holds %T, not a number", v)
	}
	return nil, fmt.Errorf("cbor: unknown major type %d", major)
}

func (d *decoder) stringBytes(major byte, n uint64, indefinite bool) ([]byte, error) {
	if !indefinite {
		b, err := d.take(n)
		return slices.Clone(b), err
	}
	var out []byte
	for {
		ib, err := d.byte()
		if err != nil {
			return nil, err
		}
		if ib == 0xff {
			return out, nil
		}
		if ib>>5 != major {
			return nil, errors.New("cbor: chunk of an indefinite string has another major type")
		}
		n, ind, err := d.argument(ib & 0x1f)
		if err != nil {
			return nil, err
		}
		if ind {
			return nil, errors.New("cbor: nested indefinite string chunk")
		}
		b, err := d.take(n)
		if err != nil {
			return nil, err
		}
		out = append(out, b...)
	}
}

func (d *decoder) simple(minor byte) (any, error) {
	switch minor {
	case 20:
		return false, nil
	case 21:
		return true, nil
	case 22, 23:
		return nil, nil
	case 25:
		b, err := d.take(2)
		if err != nil {
			return nil, err
		}
		return halfToFloat(binary.BigEndian.Uint16(b)), nil
	case 26:
		b, err := d.take(4)
		if err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(b))), nil
	case 27:
		b, err := d.take(8)
		if err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(b)), nil
	case 31:
		return nil, errors.New("cbor: break outside an indefinite item")
	}
	return nil, fmt.Errorf("cbor: simple value %d is not used by Smithy RPC v2", minor)
}

func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, frac := int(h>>10&0x1f), float64(h&0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 31:
		if frac == 0 {
			return sign * math.Inf(1)
		}
		return math.NaN()
	}
	return sign * math.Ldexp(frac+1024, exp-25)
}

// encodeCBOR writes a response value: map[string]any (keys sorted), []any, string, float64,
// int, int64, bool, nil, time.Time (tag 1, epoch seconds) and []float64 / []time.Time lists.
func encodeCBOR(v any) []byte {
	var e encoder
	e.value(v)
	return e.buf
}

type encoder struct{ buf []byte }

func (e *encoder) head(major byte, arg uint64) {
	switch {
	case arg < 24:
		e.buf = append(e.buf, major<<5|byte(arg))
	case arg <= math.MaxUint8:
		e.buf = append(e.buf, major<<5|24, byte(arg))
	case arg <= math.MaxUint16:
		e.buf = binary.BigEndian.AppendUint16(append(e.buf, major<<5|25), uint16(arg))
	case arg <= math.MaxUint32:
		e.buf = binary.BigEndian.AppendUint32(append(e.buf, major<<5|26), uint32(arg))
	default:
		e.buf = binary.BigEndian.AppendUint64(append(e.buf, major<<5|27), arg)
	}
}

func (e *encoder) float(f float64) {
	e.buf = binary.BigEndian.AppendUint64(append(e.buf, 7<<5|27), math.Float64bits(f))
}

func (e *encoder) value(v any) {
	switch t := v.(type) {
	case nil:
		e.buf = append(e.buf, 7<<5|22)
	case bool:
		if t {
			e.buf = append(e.buf, 7<<5|21)
		} else {
			e.buf = append(e.buf, 7<<5|20)
		}
	case int:
		e.value(int64(t))
	case int64:
		if t >= 0 {
			e.head(0, uint64(t))
		} else {
			e.head(1, uint64(-1-t))
		}
	case float64:
		e.float(t)
	case string:
		e.head(3, uint64(len(t)))
		e.buf = append(e.buf, t...)
	case time.Time:
		e.head(6, 1)
		e.float(float64(t.UnixMilli()) / 1000)
	case []float64:
		e.head(4, uint64(len(t)))
		for _, f := range t {
			e.float(f)
		}
	case []time.Time:
		e.head(4, uint64(len(t)))
		for _, ts := range t {
			e.value(ts)
		}
	case []any:
		e.head(4, uint64(len(t)))
		for _, x := range t {
			e.value(x)
		}
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		e.head(5, uint64(len(keys)))
		for _, k := range keys {
			e.value(k)
			e.value(t[k])
		}
	default:
		panic(fmt.Sprintf("cwfake: cannot encode %T", v))
	}
}
