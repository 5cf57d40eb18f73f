//! Calendar arithmetic: bank holidays, working days, adding durations to
//! dates, and the calendar periods (weeks, months, financial years, ...)
//! that policy windows are counted in.
//!
//! Everything here is total: arithmetic that would leave chrono's date range
//! saturates at `NaiveDate::MIN`/`MAX` (or the `NaiveDateTime` equivalents)
//! instead of panicking.

mod arithmetic;
mod holidays;
mod periods;
mod working_days;

pub use arithmetic::{add_duration, END_OF_DAY};
pub use holidays::{england_and_wales, shipped, SHIPPED};
pub use periods::{period_containing, periods_between};
pub use working_days::WorkingDays;
