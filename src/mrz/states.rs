//! The states and organisations a zone may name: no check digit covers
//! its issuing state or nationality, so a code outside this list is a
//! misreading.

use std::sync::OnceLock;

/// Every code as a zone writes it (three letters, or Germany's `D` padded
/// with fillers), sorted.
pub fn known_states() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut codes: Vec<&str> = include_str!("states.tsv")
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split('\t').next())
            .collect();
        codes.sort_unstable();
        codes
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_known_state(code: &str) -> bool {
        known_states().binary_search(&code).is_ok()
    }

    #[test]
    fn every_code_is_three_symbols_of_the_zone_and_listed_once() {
        let codes = known_states();
        assert!(codes.len() > 270, "{}", codes.len());
        for code in codes {
            assert!(
                code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'<'),
                "{code:?}"
            );
        }
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn states_of_the_region_germany_and_specimens_are_known() {
        for code in ["KAZ", "UZB", "KGZ", "RUS", "D<<", "UTO", "XXA"] {
            assert!(is_known_state(code), "{code}");
        }
        for misread in ["K4Z", "UZ8", "<AZ", "KA<", "OWA"] {
            assert!(!is_known_state(misread), "{misread}");
        }
    }
}
