package demo

import "math"

// mix is splitmix64's finaliser: a cheap, well-spread hash for deterministic noise.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Salts keep the noise of different quantities of the same resource and minute independent.
const (
	saltTimeouts uint64 = iota + 100
	saltClientErrors
	saltEventFailures
	saltUserErrors
	saltConnections
	saltCPU
	saltQueueDepth
	saltQueueAge
	saltMemory
	saltInit
	saltAsyncAge
	saltIteratorAge
	saltExtension
	saltLatency
	saltSpread
)

// hashOf maps a seed, a minute and a salt to 64 well-mixed bits.
func hashOf(seed uint64, minute int64, salt uint64) uint64 {
	return mix(seed ^ uint64(minute)*0xd1b54a32d192ed03 ^ salt*0xaef17502108ef2d9)
}

// unit maps a seed, a minute and a salt to a uniform value in [0, 1).
func unit(seed uint64, minute int64, salt uint64) float64 {
	return float64(hashOf(seed, minute, salt)>>11) / (1 << 53)
}

// minuteNoise is the one hash a function's minute needs; uniform21 cuts it into three
// independent uniforms, which keeps the hot path to a single hash.
func (r *resource) minuteNoise(minute int64) uint64 {
	return mix(r.seed ^ uint64(minute)*0xd1b54a32d192ed03)
}

// uniform21 is the i-th (0, 1 or 2) 21-bit slice of a hash as a uniform value in [0, 1).
func uniform21(h uint64, i uint) float64 {
	return float64(h>>(21*i)&(1<<21-1)) * (1.0 / (1 << 21))
}

// nameSeed gives every resource its own stream of noise.
func nameSeed(name string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(name); i++ {
		h ^= uint64(name[i])
		h *= 1099511628211
	}
	return mix(h)
}

// normalQuantile is Acklam's rational approximation of the standard normal inverse CDF.
func normalQuantile(p float64) float64 {
	const (
		a1, a2, a3, a4, a5, a6 = -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
		b1, b2, b3, b4, b5     = -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01
		c1, c2, c3, c4, c5, c6 = -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
		d1, d2, d3, d4         = 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00
		low                    = 0.02425
	)
	switch {
	case p <= 0:
		return math.Inf(-1)
	case p >= 1:
		return math.Inf(1)
	case p < low:
		q := math.Sqrt(-2 * math.Log(p))
		return (((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	case p > 1-low:
		q := math.Sqrt(-2 * math.Log(1-p))
		return -(((((c1*q+c2)*q+c3)*q+c4)*q+c5)*q + c6) / ((((d1*q+d2)*q+d3)*q+d4)*q + 1)
	default:
		q := p - 0.5
		r := q * q
		return (((((a1*r+a2)*r+a3)*r+a4)*r+a5)*r + a6) * q / (((((b1*r+b2)*r+b3)*r+b4)*r+b5)*r + 1)
	}
}
