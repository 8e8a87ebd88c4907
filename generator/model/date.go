package model

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"

	"vanban/generator/vn"
)

// Vietnam keeps one offset all year (no daylight saving); a fixed zone avoids
// depending on the host's tz database.
var vietnamZone = time.FixedZone("ICT", 7*60*60)

// Zone returns Vietnam's time zone (UTC+07:00).
func Zone() *time.Location { return vietnamZone }

// Precision says how much of a Date is known.
type Precision int

const (
	Unknown Precision = iota // nothing known
	Year                     // "năm 2022"
	Month                    // "ngày   tháng 9 năm 2022"
	Day                      // "ngày 07 tháng 12 năm 2022"
)

func (p Precision) String() string {
	return [...]string{"unknown", "year", "month", "day"}[p]
}

// Date is a calendar date whose later parts may be unknown: real documents
// are printed with a blank day ("ngày   tháng 9 năm 2022") or a blank month.
// A zero part means unknown; a known part implies every earlier one is known.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads "2022-12-07", "2022-09", "2022" or "" (unknown). It also
// accepts "07/12/2022" and "9/2022" as Vietnamese texts write them.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	var parts []string
	if strings.Contains(s, "/") {
		p := strings.Split(s, "/")
		for i := len(p) - 1; i >= 0; i-- { // dd/mm/yyyy → yyyy, mm, dd
			parts = append(parts, p[i])
		}
	} else {
		parts = strings.Split(s, "-")
	}
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || p == "" || strings.Trim(p, "0123456789") != "" { // no sign, no space
			return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD, YYYY-MM or YYYY", s)
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year == 0 { // written, so not unknown: "0000" is no year
		return Date{}, fmt.Errorf("year %d is out of range (1945–2200)", d.Year)
	}
	return d, d.Validate()
}

// Validate reports an impossible date (month 13, 30 February, year 0…).
func (d Date) Validate() error {
	switch {
	case d == Date{}:
		return nil
	case d.Year < 1945 || d.Year > 2200:
		return fmt.Errorf("year %d is out of range (1945–2200)", d.Year)
	case d.Month < 0 || d.Month > 12:
		return fmt.Errorf("month %d does not exist", d.Month)
	case d.Month == 0 && d.Day != 0:
		return fmt.Errorf("a day without a month")
	case d.Day < 0:
		return fmt.Errorf("day %d does not exist", d.Day)
	case d.Day > 0:
		t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
		if t.Day() != d.Day {
			return fmt.Errorf("%s has no day %d", time.Month(d.Month), d.Day)
		}
	}
	return nil
}

// IsZero reports whether nothing of the date is known.
func (d Date) IsZero() bool { return d == Date{} }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision {
	switch {
	case d.Year == 0:
		return Unknown
	case d.Month == 0:
		return Year
	case d.Day == 0:
		return Month
	}
	return Day
}

// String writes the ISO form with only the known parts ("2022-09").
func (d Date) String() string {
	switch d.Precision() {
	case Unknown:
		return ""
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Vietnamese writes "ngày 07 tháng 12 năm 2022" (or the known parts).
func (d Date) Vietnamese() string { return vn.FormatDate(d.Year, d.Month, d.Day) }

// Short writes "07/12/2022" (or the known parts).
func (d Date) Short() string { return vn.FormatShortDate(d.Year, d.Month, d.Day) }

// Start is the first instant the date can denote, in Vietnam's zone.
func (d Date) Start() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, vietnamZone)
}

// Compare orders dates; unknown parts sort before known ones.
func (d Date) Compare(o Date) int {
	return cmp.Or(cmp.Compare(d.Year, o.Year), cmp.Compare(d.Month, o.Month), cmp.Compare(d.Day, o.Day))
}

// DateOf returns the calendar day of t in Vietnam's zone.
func DateOf(t time.Time) Date {
	t = t.In(vietnamZone)
	return Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

// ParseTime reads a publication time: RFC 3339 ("2023-01-01T12:00:00+07:00"),
// a local time without zone ("2023-01-01 12:00", taken as Vietnam time), or a
// plain date (midnight in Vietnam).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, vietnamZone); err == nil {
			return t.In(vietnamZone), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q: want YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS+07:00", s)
}
