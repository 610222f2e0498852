//! Calendar dates as the handbook writes them: `YYYY-MM-DD` in files,
//! "24. januar 2024" for readers.

/// The Danish month names, January first.
pub const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];

/// `true` when `date` is `YYYY-MM-DD` and a day the calendar has.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    date.len() == 10 && (1000..=9999).contains(&y) && (1..=days).contains(&d)
}

/// `2024-01-24` → `24. januar 2024`; `None` for anything that is not a date.
pub fn danish(date: &str) -> Option<String> {
    if !is_valid_date(date) {
        return None;
    }
    let y = &date[..4];
    let m: usize = date[5..7].parse().ok()?;
    let d: u32 = date[8..].parse().ok()?;
    Some(format!("{d}. {} {y}", MONTHS[m - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_dates() {
        assert_eq!(danish("2024-01-24").as_deref(), Some("24. januar 2024"));
        assert_eq!(danish("2026-11-01").as_deref(), Some("1. november 2026"));
        assert_eq!(danish("2023-02-29"), None);
        assert_eq!(danish("24-01-2024"), None);
    }
}
