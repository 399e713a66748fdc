//! The words of Tesseract's TSV output, with their boxes and confidences:
//! what the MRZ search and the orientation check read of a full-page pass.

/// One word the engine read, its box in the page's pixels.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word<'a> {
    /// Block, paragraph and line number: the words of one line share it.
    pub line: (u32, u32, u32),
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
    /// The engine's confidence in the word, 0..1.
    pub confidence: f32,
    pub text: &'a str,
}

impl Word<'_> {
    pub fn bottom(&self) -> u32 {
        self.top + self.height
    }
}

/// The word rows (level 5) of a TSV text; other rows and malformed ones are
/// skipped.
pub(super) fn words(tsv: &str) -> impl Iterator<Item = Word<'_>> {
    tsv.lines().filter_map(word)
}

fn word(row: &str) -> Option<Word<'_>> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() < 12 || cols[0] != "5" {
        return None;
    }
    let num = |i: usize| cols[i].parse::<u32>().ok();
    let confidence: f32 = cols[10].parse().ok()?;
    Some(Word {
        line: (num(2)?, num(3)?, num(4)?),
        left: num(6)?,
        top: num(7)?,
        width: num(8)?,
        height: num(9)?,
        confidence: (confidence / 100.0).clamp(0.0, 1.0),
        text: cols[11],
    })
}

/// The mean confidence of some words, 0 for none.
pub(super) fn mean_confidence<'a>(words: impl IntoIterator<Item = &'a Word<'a>>) -> f32 {
    let (sum, count) = words.into_iter().fold((0.0, 0u32), |(sum, count), word| {
        (sum + word.confidence, count + 1)
    });
    if count == 0 { 0.0 } else { sum / count as f32 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_word_rows_only() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t2\t0\t10\t20\t300\t30\t-1\t\n\
                   5\t1\t1\t1\t2\t1\t10\t20\t90\t30\t96.5\tПАСПОРТ\n\
                   5\t1\t1\t1\t2\t2\tx\t20\t90\t30\t96.5\tbroken\n";
        let words: Vec<Word> = words(tsv).collect();
        assert_eq!(
            words,
            [Word {
                line: (1, 1, 2),
                left: 10,
                top: 20,
                width: 90,
                height: 30,
                confidence: 0.965,
                text: "ПАСПОРТ",
            }]
        );
        assert_eq!(words[0].bottom(), 50);
        assert!((mean_confidence(&words) - 0.965).abs() < 1e-6);
        assert_eq!(mean_confidence(&[]), 0.0);
    }
}
