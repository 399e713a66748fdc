use super::*;

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

fn read(text: &str) -> Mrz {
    find_mrz(&lines(text), reference()).expect("a zone")
}

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

#[test]
fn check_digits_match_icao_examples() {
    assert_eq!(check_digit("L898902C3"), Some(6));
    assert_eq!(check_digit("740812"), Some(2));
    assert_eq!(check_digit("120415"), Some(9));
    assert_eq!(check_digit("ZE184226B<<<<<"), Some(1));
    assert_eq!(check_digit("D23145890"), Some(7));
    assert_eq!(check_digit("abc"), None);
}

#[test]
fn a_date_of_no_century_is_not_valid_though_its_checks_hold() {
    // The month's two digits misread so that both the date's check and
    // the composite still hold: month 28.
    let mrz = read(&TD3.replace("1204159", "1228159"));
    assert!(mrz.checks.all_hold(), "{:?}", mrz.checks);
    assert!(!mrz.checks_valid);
    assert!(read(TD3).checks_valid);
    // An unknown day or month, as fillers or as `00`, is no impossible date.
    for unknown in ["7408<<", "74<<<<", "740800", "740000"] {
        assert!(possible_date(unknown), "{unknown}");
    }
    assert!(!possible_date("741301") && !possible_date("740132"));
}

#[test]
fn reads_the_icao_td3_specimen() {
    let mrz = read(TD3);
    assert_eq!(mrz.format, MrzFormat::TD3);
    assert_eq!(
        (mrz.document_type.as_str(), mrz.issuing_state.as_str()),
        ("P", "UTO")
    );
    assert_eq!(
        (mrz.surname.as_str(), mrz.given_names.as_str()),
        ("ERIKSSON", "ANNA MARIA")
    );
    assert_eq!(mrz.document_number, "L898902C3");
    assert_eq!(mrz.birth_date, NaiveDate::from_ymd_opt(1974, 8, 12));
    assert_eq!(mrz.expiry_date, NaiveDate::from_ymd_opt(2012, 4, 15));
    assert_eq!(
        (mrz.sex.as_str(), mrz.personal_number.as_str()),
        ("F", "ZE184226B")
    );
    assert!(mrz.checks_valid, "{:?}", mrz.checks);
    assert_eq!(mrz.checks.personal_number, Some(true));
    assert!(mrz.corrections.is_empty());
}

#[test]
fn reads_td2_and_td1_specimens() {
    let td2 = read("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6");
    assert_eq!((td2.format, td2.checks_valid), (MrzFormat::TD2, true));
    assert_eq!(td2.checks.personal_number, None);
    let td1 = read(
        "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    );
    assert_eq!((td1.format, td1.checks_valid), (MrzFormat::TD1, true));
    assert_eq!(td1.document_number, "D23145890");
    assert_eq!(
        (td1.surname.as_str(), td1.nationality.as_str()),
        ("ERIKSSON", "UTO")
    );
}

#[test]
fn reads_visas_without_a_composite_check() {
    // ICAO 9303 part 7's MRV-A and MRV-B specimens.
    let mrv_a = read(
        "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8988901C4XXX4009078F96121096ZE184226B<<<<<<",
    );
    assert_eq!((mrv_a.format, mrv_a.checks_valid), (MrzFormat::MrvA, true));
    assert_eq!(
        (mrv_a.checks.composite, mrv_a.nationality.as_str()),
        (None, "XXX")
    );
    let mrv_b = read("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<");
    assert_eq!((mrv_b.format, mrv_b.checks_valid), (MrzFormat::MrvB, true));
    assert_eq!(mrv_b.document_number, "L8988901C");
}

#[test]
fn a_misread_digit_fails_its_check() {
    let mrz = read(&TD3.replace("7408122F", "7408132F"));
    assert!(!mrz.checks.birth_date && mrz.checks.composite == Some(false));
    assert!(mrz.checks.expiry_date && !mrz.checks_valid);
}

#[test]
fn class_and_check_corrections_are_reported() {
    // The 0 of the number read as O, the birth date's 1 as I, a filler as K.
    let mrz = read(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8989O2C36UTO74O8I22F1204159ZE184226B<<<<<10",
    );
    assert!(mrz.checks_valid, "{mrz:?}");
    assert_eq!(mrz.document_number, "L898902C3");
    assert_eq!(mrz.birth_date, NaiveDate::from_ymd_opt(1974, 8, 12));
    assert_eq!(mrz.corrections.len(), 3, "{:?}", mrz.corrections);
}

#[test]
fn repairs_fillers_read_as_k_and_merged_runs() {
    // As Tesseract read a generated passport: fillers as K, a run merged,
    // the personal number's check digit 0 read as Q.
    let mrz =
        read("P<RUSVORONTSOV<<ANDREI<<<<KKKKKKKKKKKKKKKKKK\n7512345672RUS9004159M3105205<<<<Q2");
    assert!(mrz.checks_valid, "{mrz:?}");
    assert_eq!(
        (mrz.surname.as_str(), mrz.given_names.as_str()),
        ("VORONTSOV", "ANDREI")
    );
    assert_eq!(mrz.expiry_date, NaiveDate::from_ymd_opt(2031, 5, 20));
}

#[test]
fn a_repair_never_passes_a_wrong_digit() {
    // 5 read as 3 in the number: no filler or confusion repair can make it valid.
    let mrz = read(
        "P<RUSVORONTSOV<<ANDREI<<<<<<<<<<<<<<<<<<<<<<\n7312345672RUS9004159M3105205<<<<<<<<<<<<<<02",
    );
    assert!(!mrz.checks_valid && !mrz.checks.document_number);
}

#[test]
fn readings_are_voted_on_when_none_validates() {
    let good = lines(TD3);
    let misread = |from: &str, to: &str| vec![good[0].clone(), good[1].replacen(from, to, 1)];
    // Each reading has one digit wrong, each a different one.
    let readings = [
        misread("7408122", "7408322"),
        misread("1204159", "1204759"),
        misread("L898902", "L896902"),
    ];
    for reading in &readings {
        assert!(!find_mrz(reading, reference()).unwrap().checks_valid);
    }
    let mrz = best_reading(&readings, reference()).unwrap();
    assert!(mrz.checks_valid, "{mrz:?}");
    assert_eq!(mrz.document_number, "L898902C3");
}

#[test]
fn names_keep_their_k() {
    assert_eq!(
        repair_fillers("P<POLNOVAK<<KAROL<<<<<<<<<<<"),
        "P<POLNOVAK<<KAROL<<<<<<<<<<<"
    );
    assert_eq!(repair_fillers("ANNA<<<<KXK<<"), "ANNA<<<<<<<<<");
}

#[test]
fn settles_centuries_around_the_filing_date() {
    let r = reference();
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(mrz_date("261125", r, DateKind::Birth), date(1926, 11, 25));
    assert_eq!(mrz_date("261124", r, DateKind::Birth), date(2026, 11, 24));
    assert_eq!(mrz_date("340101", r, DateKind::Expiry), date(2034, 1, 1));
    assert_eq!(mrz_date("991231", r, DateKind::Expiry), date(1999, 12, 31));
    assert_eq!(mrz_date("990231", r, DateKind::Expiry), None);
}

#[test]
fn odd_lines_are_not_a_zone() {
    assert_eq!(find_mrz(&lines("ПАСПОРТ\n<<<<"), reference()), None);
    assert_eq!(
        // 44 bytes a line, but not 44 characters: must not be sliced mid-letter.
        find_mrz(&lines(&format!("{0}\n{0}", "Ж".repeat(22))), reference()),
        None
    );
}

#[test]
fn a_lone_filler_read_as_a_letter_splits_names() {
    assert_eq!(
        names("NURLANOVA<X<AIGERIM<SERIKKYZY<<<<K<<"),
        ("NURLANOVA".to_string(), "AIGERIM SERIKKYZY".to_string())
    );
    assert_eq!(
        names("NOVAK<<KAROL<<<"),
        ("NOVAK".to_string(), "KAROL".to_string())
    );
    assert_eq!(
        names("KARIMOV<<BOBUR<K<<<<<KKKKKCCCKK"),
        ("KARIMOV".to_string(), "BOBUR".to_string())
    );
    assert_eq!(
        names("NURLANOVAK<AIGERIM<KSERIKKYZY<<<<"),
        ("NURLANOVA".to_string(), "AIGERIM KSERIKKYZY".to_string())
    );
    assert_eq!(
        names("ERIKSSON<<<<<<"),
        ("ERIKSSON".to_string(), String::new())
    );
}

/// The ICAO specimen's second line with another birth date, its check
/// digits recomputed.
fn td3_born(birth: &str) -> Vec<String> {
    let with_check = |field: &str| format!("{field}{}", check_digit(field).unwrap());
    let start = format!("{}UTO{}F", with_check("L898902C3"), with_check(birth));
    let rest = format!("{}{}", with_check("120415"), with_check("ZE184226B<<<<<"));
    let body = format!("{start}{rest}");
    let composite = format!("{}{}{}", &body[0..10], &body[13..20], &body[21..43]);
    vec![
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<".to_string(),
        format!("{body}{}", check_digit(&composite).unwrap()),
    ]
}

#[test]
fn a_zone_of_fillers_is_not_valid() {
    // Every check digit of nothing is 0, as a filler reads.
    let fillers = vec!["<".repeat(44), "<".repeat(44)];
    assert!(!any_valid(&[fillers]));
}

#[test]
fn a_leap_day_birth_is_valid_whatever_the_reference() {
    // 29 February 2000 exists, 29 February 1900 does not: validity must
    // not hang on the century the reference date picks.
    let zone = td3_born("000229");
    assert!(any_valid(std::slice::from_ref(&zone)));
    assert_eq!(
        find_mrz(&zone, reference()).unwrap().birth_date,
        NaiveDate::from_ymd_opt(2000, 2, 29)
    );
}
