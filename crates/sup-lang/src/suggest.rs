//! "Did you mean ...?": the one fuzzy matcher every diagnostic uses, so the
//! command line and the language server's quick fixes always agree.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
///
/// Close enough means an edit distance of at most a third of the word's length
/// (at least 1), or the same word but for case and `_`/`-`/space.
pub fn closest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let normal = normalise(word);
    let word_len = word.chars().count();
    let limit = (word_len / 3).max(1);
    let mut best: Option<(usize, usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        // The edit distance is at least the difference in length, so a
        // candidate too long or too short is out without computing it. Past
        // `MAX_FUZZY` characters only case and separators are forgiven: the
        // distance costs the product of the lengths, and a 20,000-character
        // name took minutes to match against another.
        let len = candidate.chars().count();
        let distance = if normalise(candidate) == normal {
            0
        } else if len.abs_diff(word_len) > limit || len.max(word_len) > MAX_FUZZY {
            continue;
        } else {
            strsim::damerau_levenshtein(&word.to_lowercase(), &candidate.to_lowercase())
        };
        // Ties go to the candidate of the same length (`hourz` → `hours`,
        // not `hour`), then to the first alphabetically, so the answer is stable.
        let rank = (distance, candidate.len().abs_diff(word.len()), candidate);
        if distance <= limit && best.is_none_or(|b| rank < b) {
            best = Some(rank);
        }
    }
    best.map(|(_, _, c)| c)
}

/// The longest name, in characters, matched by edit distance.
const MAX_FUZZY: usize = 128;

fn normalise(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// "did you mean `x`?" for a help line, or a list of what is allowed when
/// nothing is close.
pub fn help_for<'a, I>(word: &str, candidates: I, what: &str) -> Option<String>
where
    I: IntoIterator<Item = &'a str> + Clone,
{
    if let Some(best) = closest(word, candidates.clone()) {
        return Some(format!("did you mean `{best}`?"));
    }
    let mut all: Vec<&str> = candidates.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    match all.len() {
        0 => None,
        n if n <= 12 => Some(format!(
            "{what} are: {}",
            all.iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_one_letter_typo() {
        assert_eq!(closest("hourz", ["hours", "weeks", "years"]), Some("hours"));
    }

    #[test]
    fn ignores_case_and_separators() {
        assert_eq!(
            closest("Social-Workers", ["social_workers"]),
            Some("social_workers")
        );
    }

    #[test]
    fn rejects_distant_words() {
        assert_eq!(closest("kilograms", ["hours", "weeks", "years"]), None);
    }

    #[test]
    fn prefers_the_nearest_then_the_first_alphabetically() {
        assert_eq!(closest("weks", ["week", "weeks"]), Some("weeks"));
        assert_eq!(closest("cat", ["hat", "bat"]), Some("bat"));
    }

    #[test]
    fn help_lists_the_choices_when_nothing_is_close() {
        let help = help_for("kilograms", ["hours", "weeks"], "units");
        assert_eq!(help.as_deref(), Some("units are: `hours`, `weeks`"));
    }
}
