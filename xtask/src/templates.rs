//! Document templates written as text files (`xtask/templates/`, whose
//! README gives the format), filled with the invented applicant, employer
//! and landlord of [`content`](crate::content), and laid out as pages.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};

use crate::content::{self, date};
use crate::layout::{Doc, Style};

/// Whether the vocabulary was written against a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    Dev,
    Heldout,
}

impl Split {
    pub fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Heldout => "heldout",
        }
    }

    pub fn from_name(name: &str) -> Option<Split> {
        [Split::Dev, Split::Heldout]
            .into_iter()
            .find(|split| split.name() == name)
    }
}

/// The folder the templates live in.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// One template file.
#[derive(Debug)]
pub struct Template {
    /// Relative to the split's folder: `employment_contract/ru-….txt`.
    pub name: String,
    pub split: Split,
    pub kind: String,
    pub language: String,
    pub facts: Vec<String>,
    /// For a translation: its original, `other/uk-diploma.txt`.
    pub original: Option<String>,
    body: String,
}

/// A date a filled template states, with the role its placeholder gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleDate {
    pub role: &'static str,
    pub date: NaiveDate,
}

/// Reads every template of both splits, sorted by name.
pub fn load(root: &Path) -> Result<Vec<Template>, String> {
    let mut templates = Vec::new();
    for split in [Split::Dev, Split::Heldout] {
        let dir = root.join(split.name());
        for kind_dir in sorted_entries(&dir)? {
            for file in sorted_entries(&kind_dir)? {
                if file.extension().is_some_and(|e| e == "txt") {
                    templates.push(parse(&dir, &file, split)?);
                }
            }
        }
    }
    Ok(templates)
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    entries.sort();
    Ok(entries)
}

fn parse(dir: &Path, file: &Path, split: Split) -> Result<Template, String> {
    let name = file
        .strip_prefix(dir)
        .expect("inside the split")
        .to_string_lossy()
        .into_owned();
    let text = fs::read_to_string(file).map_err(|err| format!("{name}: {err}"))?;
    let (header, body) = text
        .split_once("\n---\n")
        .ok_or_else(|| format!("{name}: no `---` line"))?;
    let field = |key: &str| {
        header.lines().find_map(|line| {
            line.strip_prefix(key)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|value| value.trim().to_string())
        })
    };
    Ok(Template {
        kind: field("kind").ok_or_else(|| format!("{name}: no kind"))?,
        language: field("language").ok_or_else(|| format!("{name}: no language"))?,
        facts: field("facts")
            .map(|facts| facts.split(',').map(|f| f.trim().to_string()).collect())
            .unwrap_or_default(),
        original: field("original"),
        body: body.to_string(),
        name,
        split,
    })
}

/// Lines a full page holds, counting a wrapped paragraph by its length.
const LINES_A_PAGE: usize = 44;
/// Characters a body line holds.
const CHARS_A_LINE: usize = 88;

impl Template {
    /// Whether the template uses a placeholder: `{mrz1}`.
    pub fn uses(&self, placeholder: &str) -> bool {
        self.body.contains(placeholder)
    }

    /// The filled document as pages, and the dates it states with their roles.
    pub fn render(&self) -> Result<(Vec<Doc>, Vec<RoleDate>), String> {
        let mut dates = Vec::new();
        let mut pages = vec![Doc::new(false)];
        let mut used = 0;
        for line in self.body.lines() {
            let (style, text) = styled(line);
            let text = self.fill(text, &mut dates)?;
            let height = text.chars().count() / CHARS_A_LINE + 1;
            if used + height > LINES_A_PAGE && used > 0 {
                pages.push(Doc::new(false));
                used = 0;
            }
            used += height;
            let page = pages.pop().expect("a page");
            pages.push(page.line(style, text));
        }
        Ok((pages, dates))
    }

    fn fill(&self, text: &str, dates: &mut Vec<RoleDate>) -> Result<String, String> {
        let mut out = String::new();
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..]
                .find('}')
                .ok_or_else(|| format!("{}: unclosed placeholder", self.name))?;
            let placeholder = &rest[open + 1..open + close];
            out.push_str(&self.value(placeholder, dates)?);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    fn value(&self, placeholder: &str, dates: &mut Vec<RoleDate>) -> Result<String, String> {
        if let Some((role, format)) = placeholder.split_once(':') {
            let (role, date) =
                role_date(role).ok_or_else(|| format!("{}: no date role {role}", self.name))?;
            dates.push(RoleDate { role, date });
            return format_date(date, format)
                .ok_or_else(|| format!("{}: no date format {format}", self.name));
        }
        if let Some(line) = placeholder.strip_prefix("mrz") {
            let [first, second] = content::mrz(role_date("expiry").expect("a role").1);
            return match line {
                "1" => Ok(first),
                "2" => Ok(second),
                _ => Err(format!("{}: no placeholder {placeholder}", self.name)),
            };
        }
        VALUES
            .iter()
            .find(|(name, _)| *name == placeholder)
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| format!("{}: no placeholder {placeholder}", self.name))
    }
}

fn styled(line: &str) -> (Style, &str) {
    if let Some(text) = line.strip_prefix("= ") {
        (Style::Title, text)
    } else if let Some(text) = line.strip_prefix("## ") {
        (Style::Heading, text)
    } else if let Some(text) = line.strip_prefix("> ") {
        (Style::Right, text)
    } else if let Some(text) = line.strip_prefix("MRZ ") {
        (Style::Mrz, text)
    } else {
        (Style::Body, line)
    }
}

/// The date each role stands for, all different so that a date read with
/// the wrong role cannot pass for another.
fn role_date(role: &str) -> Option<(&'static str, NaiveDate)> {
    Some(match role {
        "birth" => ("birth", date(1990, 4, 15)),
        "issued" => ("issued", date(2026, 8, 10)),
        "signed" => ("signed", date(2026, 10, 30)),
        "contract_start" => ("contract_start", date(2026, 11, 2)),
        "contract_end" => ("contract_end", date(2027, 10, 29)),
        "consent_from" => ("consent_from", date(2026, 10, 28)),
        "consent_until" => ("consent_until", date(2027, 5, 31)),
        "permit_until" => ("permit_until", date(2027, 8, 9)),
        "expiry" => ("expiry", date(2031, 5, 20)),
        "registered" => ("registered", date(2026, 11, 3)),
        "terminated" => ("terminated", date(2026, 10, 26)),
        _ => return None,
    })
}

fn format_date(d: NaiveDate, format: &str) -> Option<String> {
    let day = d.day();
    let month = d.month0() as usize;
    let year = d.year();
    Some(match format {
        "num" => d.format("%d.%m.%Y").to_string(),
        "num_g" => d.format("%d.%m.%Y г.").to_string(),
        "short" => format!("{}.{}.{}", day, d.month(), d.format("%y")),
        "slash" => d.format("%d/%m/%Y").to_string(),
        "iso" => d.format("%Y-%m-%d").to_string(),
        "ru" => format!("«{day:02}» {} {year} г.", content::RU_MONTHS[month]),
        "ru_plain" => format!("{day} {} {year} года", content::RU_MONTHS[month]),
        "ru_words" => format!(
            "{} {} {} года",
            ordinal_genitive(day)?,
            content::RU_MONTHS[month],
            year_words(year)?
        ),
        "kk" => format!("{year} жылғы {day} {}", content::KK_MONTHS[month]),
        "kk_from" => format!("{year} жылғы {day} {}", content::KK_FROM[month]),
        "kk_until" => format!("{year} жылғы {day} {} дейін", content::KK_UNTIL[month]),
        "en" => d.format("%-d %B %Y").to_string(),
        "en_us" => d.format("%B %-d, %Y").to_string(),
        "en_caps" => d.format("%d %b %Y").to_string().to_uppercase(),
        _ => return None,
    })
}

/// Russian ordinals in the genitive, as a notary writes a day: «первого».
const ORDINALS: [&str; 20] = [
    "",
    "первого",
    "второго",
    "третьего",
    "четвертого",
    "пятого",
    "шестого",
    "седьмого",
    "восьмого",
    "девятого",
    "десятого",
    "одиннадцатого",
    "двенадцатого",
    "тринадцатого",
    "четырнадцатого",
    "пятнадцатого",
    "шестнадцатого",
    "семнадцатого",
    "восемнадцатого",
    "девятнадцатого",
];

/// 1–99 as a genitive ordinal: «двадцать шестого», «тридцатого».
fn ordinal_genitive(n: u32) -> Option<String> {
    const TENS: [(&str, &str); 8] = [
        ("двадцать", "двадцатого"),
        ("тридцать", "тридцатого"),
        ("сорок", "сорокового"),
        ("пятьдесят", "пятидесятого"),
        ("шестьдесят", "шестидесятого"),
        ("семьдесят", "семидесятого"),
        ("восемьдесят", "восьмидесятого"),
        ("девяносто", "девяностого"),
    ];
    match n {
        1..=19 => Some(ORDINALS[n as usize].to_string()),
        20..=99 => {
            let (cardinal, ordinal) = TENS[(n / 10 - 2) as usize];
            Some(match n % 10 {
                0 => ordinal.to_string(),
                unit => format!("{cardinal} {}", ORDINALS[unit as usize]),
            })
        }
        _ => None,
    }
}

/// A year of this century in words, genitive: «две тысячи двадцать шестого».
fn year_words(year: i32) -> Option<String> {
    let rest = u32::try_from(year - 2000)
        .ok()
        .filter(|n| (1..100).contains(n))?;
    Some(format!("две тысячи {}", ordinal_genitive(rest)?))
}

/// The invented people, company and numbers (the README lists them).
const VALUES: &[(&str, &str)] = &[
    ("surname", "Воронцов"),
    ("surname_caps", "ВОРОНЦОВ"),
    ("surname_gen", "Воронцова"),
    ("surname_dat", "Воронцову"),
    ("surname_ins", "Воронцовым"),
    ("name", "Андрей"),
    ("name_caps", "АНДРЕЙ"),
    ("name_gen", "Андрея"),
    ("name_dat", "Андрею"),
    ("name_ins", "Андреем"),
    ("patronymic", "Сергеевич"),
    ("patronymic_caps", "СЕРГЕЕВИЧ"),
    ("patronymic_gen", "Сергеевича"),
    ("patronymic_dat", "Сергеевичу"),
    ("patronymic_ins", "Сергеевичем"),
    ("initials", "А. С."),
    ("surname_latin", "VORONTSOV"),
    ("name_latin", "ANDREI"),
    ("sex_ru", "М"),
    ("birthplace_ru", "САМАРА"),
    ("citizenship_ru", "Российской Федерации"),
    ("country_ru", "Российская Федерация"),
    ("country_kk", "Ресей Федерациясы"),
    ("country_en", "Russian Federation"),
    ("passport_no", "75 1234567"),
    ("passport_authority", "МВД 63001"),
    ("employer_ru", "ТОО «Степной Код»"),
    (
        "employer_full_ru",
        "Товарищество с ограниченной ответственностью «Степной Код»",
    ),
    ("employer_kk", "«Степной Код» ЖШС"),
    ("employer_en", "Stepnoy Kod LLP"),
    ("bin", "180240012342"),
    ("employer_address_ru", "050000, г. Алматы, пр. Достык, 77"),
    (
        "employer_address_kk",
        "050000, Алматы қ., Достық даңғылы, 77",
    ),
    ("employer_address_en", "77 Dostyk Avenue, Almaty 050000"),
    ("director", "Касымов Ерлан Маратович"),
    ("director_gen", "Касымова Ерлана Маратовича"),
    ("director_short", "Е. М. Касымов"),
    ("director_en", "Yerlan Kassymov"),
    ("position_ru", "ведущий инженер-программист"),
    ("position_gen", "ведущего инженера-программиста"),
    ("position_kk", "жетекші бағдарламашы-инженер"),
    ("position_en", "lead software engineer"),
    ("salary", "950 000"),
    ("contract_no", "47/2026"),
    ("letter_no", "112"),
    ("esutd_no", "2026-1102-8841"),
    ("landlord", "Ахметова Гульнара Сериковна"),
    ("landlord_short", "Г. С. Ахметова"),
    ("landlord_iin", "850312400316"),
    ("landlord_en", "Gulnara Akhmetova"),
    ("address_ru", "г. Алматы, ул. Абая, д. 150, кв. 12"),
    ("address_kk", "Алматы қаласы, Абай көшесі, 150-үй, 12-пәтер"),
    ("address_en", "150 Abay Street, apt. 12, Almaty"),
    ("city_ru", "г. Алматы"),
    ("city_kk", "Алматы қаласы"),
    ("city_en", "Almaty"),
    ("notary", "Сейткали Айгерим Бекеновна"),
    ("notary_short", "А. Б. Сейткали"),
    ("notary_licence", "0001234"),
    ("register_no", "2-4417"),
    ("translator", "Омарова Динара Кайратовна"),
    ("translator_short", "Д. К. Омарова"),
    ("prev_employer_ru", "ТОО «Алатау Логистик»"),
    ("prev_employer_kk", "«Алатау Логистик» ЖШС"),
    ("prev_employer_en", "Alatau Logistic LLP"),
    ("prev_bin", "151140007895"),
    ("prev_contract_no", "12/2025"),
    ("order_no", "58-к"),
    ("permit_no", "002214587"),
    ("certificate_no", "0047712"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_fills() {
        let templates = load(&root()).unwrap();
        assert!(templates.len() > 80);
        for template in &templates {
            template.render().unwrap();
        }
    }

    #[test]
    fn dates_in_words() {
        let d = date(2026, 12, 1);
        assert_eq!(
            format_date(d, "ru_words").unwrap(),
            "первого декабря две тысячи двадцать шестого года"
        );
        assert_eq!(format_date(d, "en_caps").unwrap(), "01 DEC 2026");
        assert_eq!(
            format_date(d, "kk_until").unwrap(),
            "2026 жылғы 1 желтоқсанға дейін"
        );
    }
}
