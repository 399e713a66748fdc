//! Names across scripts: the ICAO 9303 transliteration Russian passports use
//! (and its Kazakh letters), and the comparison of a name as a document
//! writes it (Cyrillic, inflected, perhaps misread) with the passport's.

/// ICAO 9303 (Doc 9303 part 3, table for Cyrillic), as Russian passports have
/// used it since 2013, with the Kazakh letters.
const CYRILLIC_TO_LATIN: &[(char, &str)] = &[
    ('А', "A"),
    ('Б', "B"),
    ('В', "V"),
    ('Г', "G"),
    ('Д', "D"),
    ('Е', "E"),
    ('Ё', "E"),
    ('Ж', "ZH"),
    ('З', "Z"),
    ('И', "I"),
    ('Й', "I"),
    ('К', "K"),
    ('Л', "L"),
    ('М', "M"),
    ('Н', "N"),
    ('О', "O"),
    ('П', "P"),
    ('Р', "R"),
    ('С', "S"),
    ('Т', "T"),
    ('У', "U"),
    ('Ф', "F"),
    ('Х', "KH"),
    ('Ц', "TS"),
    ('Ч', "CH"),
    ('Ш', "SH"),
    ('Щ', "SHCH"),
    ('Ъ', "IE"),
    ('Ы', "Y"),
    ('Ь', ""),
    ('Э', "E"),
    ('Ю', "IU"),
    ('Я', "IA"),
    ('Ә', "A"),
    ('Ғ', "G"),
    ('Қ', "K"),
    ('Ң', "N"),
    ('Ө', "O"),
    ('Ұ', "U"),
    ('Ү', "U"),
    ('Һ', "H"),
    ('І', "I"),
];

/// Latin capitals as an ICAO zone writes them: Cyrillic transliterated,
/// Latin kept, anything else dropped.
pub fn to_latin(name: &str) -> String {
    name.chars()
        .flat_map(char::to_uppercase)
        .map(|c| {
            CYRILLIC_TO_LATIN
                .iter()
                .find(|&&(cyrillic, _)| cyrillic == c)
                .map_or_else(
                    || {
                        if c.is_ascii_alphabetic() {
                            c.to_string()
                        } else {
                            String::new()
                        }
                    },
                    |&(_, latin)| latin.to_string(),
                )
        })
        .collect()
}

/// A Latin name back in Russian letters, longest match first (`SHCH` before
/// `SH`): how a zone's name would be spelled in Cyrillic, for messages. The
/// transliteration loses information (`E` is Е, Ё or Э), so this is a
/// reading aid, never compared.
pub fn to_cyrillic(name: &str) -> String {
    let upper = name.to_uppercase();
    let mut rest = upper.as_str();
    let mut out = String::new();
    'outer: while let Some(c) = rest.chars().next() {
        for length in [4, 2] {
            if let Some(head) = rest.get(..length)
                && let Some(&(cyrillic, _)) = CYRILLIC_TO_LATIN
                    .iter()
                    .filter(|&&(cyrillic, _)| !matches!(cyrillic, 'Ъ'))
                    .find(|&&(_, latin)| latin == head)
            {
                out.push(cyrillic);
                rest = &rest[length..];
                continue 'outer;
            }
        }
        let single = CYRILLIC_TO_LATIN
            .iter()
            .find(|&&(_, latin)| latin.len() == 1 && latin.starts_with(c))
            .map_or(c, |&(cyrillic, _)| cyrillic);
        out.push(single);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Folds the spellings other transliteration systems give the same name
/// (`YU`/`IU`, `KH`/`H`, `TS`/`C`, `Y`/`I`, doubled letters) to one form, so
/// an older passport's `YURIY` meets a contract's «Юрий».
fn fold(latin: &str) -> String {
    const SPELLINGS: &[(&str, &str)] = &[
        ("SHCH", "S"),
        ("SCH", "S"),
        ("ZH", "J"),
        ("KH", "H"),
        ("TS", "C"),
        ("TC", "C"),
        ("CH", "C"),
        ("SH", "S"),
        ("YU", "U"),
        ("IU", "U"),
        ("YA", "A"),
        ("IA", "A"),
        ("YE", "E"),
        ("IE", "E"),
        ("Y", "I"),
        ("X", "KS"),
        ("W", "V"),
    ];
    let mut folded = latin.to_string();
    for (from, to) in SPELLINGS {
        folded = folded.replace(from, to);
    }
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Letters an inflected surname may add: Russian case endings (Воронцову,
/// Воронцовым, Воронцовой) and Kazakh suffixes (Воронцовқа, Воронцовпен).
const MAX_ENDING: usize = 4;

/// Whether `written` (as a document has it, any script, any case) names the
/// holder of `surname` (the passport's, in Latin). `ocr` allows one misread
/// letter in names of five letters or more; a text layer must match exactly.
pub fn same_surname(written: &str, surname: &str, ocr: bool) -> bool {
    let written = fold(&to_latin(written));
    let surname = fold(&to_latin(surname));
    if surname.is_empty() || written.is_empty() {
        return false;
    }
    let allowed = usize::from(ocr && surname.len() >= 5);
    // The stem as long as the surname, give or take a dropped or doubled
    // letter, and what is left over is an ending.
    let lengths = surname.len().saturating_sub(allowed)..=surname.len() + allowed;
    lengths.into_iter().any(|stem| {
        written.len() >= stem
            && written.len() - stem <= MAX_ENDING
            && written.is_char_boundary(stem)
            && distance(&written[..stem], &surname) <= allowed
    })
}

/// Levenshtein distance over bytes (both sides are ASCII after folding).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_as_russian_passports_do() {
        assert_eq!(to_latin("Воронцов"), "VORONTSOV");
        assert_eq!(to_latin("Жуков Харитон"), "ZHUKOVKHARITON");
        assert_eq!(to_latin("Щукина"), "SHCHUKINA");
        assert_eq!(to_latin("Юлия Ильинична"), "IULIIAILINICHNA");
        assert_eq!(to_latin("Подъячев"), "PODIEIACHEV");
        assert_eq!(to_latin("Цой"), "TSOI");
    }

    #[test]
    fn transliterates_kazakh_letters() {
        assert_eq!(to_latin("Қасымов"), "KASYMOV");
        assert_eq!(to_latin("Әлия Өмірбекқызы"), "ALIIAOMIRBEKKYZY");
        assert_eq!(to_latin("Ұлан Үмбетов Ғани Ңа Һ"), "ULANUMBETOVGANINAH");
    }

    #[test]
    fn transliterates_back_for_reading() {
        assert_eq!(to_cyrillic("VORONTSOV"), "ВОРОНЦОВ");
        assert_eq!(to_cyrillic("SHCHUKINA"), "ЩУКИНА");
        assert_eq!(to_cyrillic("ZHUKOV"), "ЖУКОВ");
        assert_eq!(to_cyrillic("IULIIA"), "ЮЛИЯ");
        assert_eq!(to_latin(&to_cyrillic("KHARITON")), "KHARITON");
    }

    #[test]
    fn inflected_russian_and_kazakh_forms_match() {
        for written in [
            "Воронцов",
            "ВОРОНЦОВ",
            "Воронцову",
            "Воронцовым",
            "Воронцова",
            "Воронцовқа",
            "Воронцовпен",
            "Vorontsov",
        ] {
            assert!(same_surname(written, "VORONTSOV", false), "{written}");
        }
    }

    #[test]
    fn other_transliteration_systems_match() {
        assert!(same_surname("Юрьев", "YURYEV", false));
        assert!(same_surname("Юрьев", "IUREV", false));
        assert!(same_surname("Kassymov", "KASYMOV", false));
        assert!(same_surname("Цой", "COI", false));
    }

    #[test]
    fn a_different_or_misspelled_name_does_not_match() {
        assert!(!same_surname("Воронцев", "VORONTSOV", false));
        assert!(!same_surname("Петров", "VORONTSOV", true));
        assert!(!same_surname("Ворон", "VORONTSOV", true));
        assert!(!same_surname("", "VORONTSOV", true));
    }

    #[test]
    fn ocr_may_misread_one_letter() {
        assert!(same_surname("Воронпов", "VORONTSOV", true));
        assert!(!same_surname("Воронпов", "VORONTSOV", false));
        assert!(!same_surname("Варанпов", "VORONTSOV", true));
    }
}
