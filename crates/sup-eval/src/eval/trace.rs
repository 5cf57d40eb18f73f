//! What `sup explain` is told while a rule is judged: the timeline of one
//! subject. Judges say what they see to a [`Tracer`]; evaluation passes
//! [`NoTrace`], which keeps nothing, and `explain` a [`Timeline`].

use std::sync::{Mutex, PoisonError};

use chrono::NaiveDate;

/// Where the judges' account of one subject goes. `Sync`, so that a
/// context (which holds one) can be handed to a thread judging rules.
pub trait Tracer: Sync {
    /// The id of the subject (a staff member, case, row or team) being
    /// traced; `None` while evaluating, when judges skip saying anything.
    fn subject(&self) -> Option<&str>;
    /// One line of the timeline, on a day or (without one) closing it.
    fn line(&self, date: Option<NaiveDate>, text: String);
}

/// Evaluation: nothing is traced.
pub struct NoTrace;

impl Tracer for NoTrace {
    fn subject(&self) -> Option<&str> {
        None
    }

    fn line(&self, _date: Option<NaiveDate>, _text: String) {}
}

/// `sup explain`: the lines said about one subject, in the order said.
pub struct Timeline {
    subject: String,
    lines: Mutex<Vec<(Option<NaiveDate>, String)>>,
}

impl Timeline {
    pub fn new(subject: &str) -> Self {
        Timeline {
            subject: subject.to_string(),
            lines: Mutex::new(Vec::new()),
        }
    }

    pub fn into_lines(self) -> Vec<(Option<NaiveDate>, String)> {
        self.lines
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Tracer for Timeline {
    fn subject(&self) -> Option<&str> {
        Some(&self.subject)
    }

    fn line(&self, date: Option<NaiveDate>, text: String) {
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((date, text));
    }
}
