//! Retention: a record whose date is before the flow's time minus the limit is dropped.
//! Dates are ISO 8601 calendar dates (`2026-05-12`) or RFC 3339 times; anything else stops
//! the gate with the row, since a record of unknown age cannot be shown to be within it.

use time::{Date, Duration, OffsetDateTime, format_description::well_known::Rfc3339};

/// The earliest date a record may have to be kept, `days` before `at`.
pub fn cutoff(at: OffsetDateTime, days: u32) -> OffsetDateTime {
    at - Duration::days(i64::from(days))
}

/// A record's date as a point in time (a calendar date is its start, in UTC).
pub fn parse(value: &str) -> Option<OffsetDateTime> {
    let value = value.trim();
    if let Ok(t) = OffsetDateTime::parse(value, &Rfc3339) {
        return Some(t);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(value, &format)
        .ok()
        .map(|d| d.midnight().assume_utc())
}

/// Whether a record of `date` may be kept at `cutoff`.
pub fn keep(date: OffsetDateTime, cutoff: OffsetDateTime) -> bool {
    date >= cutoff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_older_than_the_limit_go_and_bad_dates_are_not_guessed() {
        let at = parse("2026-05-12T09:00:00Z").unwrap();
        let c = cutoff(at, 90);
        assert!(keep(parse("2026-03-01").unwrap(), c));
        assert!(!keep(parse("2026-02-10").unwrap(), c));
        assert!(keep(parse("2026-02-11T09:00:00Z").unwrap(), c));
        assert!(parse("12/05/2026").is_none());
        assert!(parse("2026-02-30").is_none());
        assert!(parse("").is_none());
    }
}
