//! The words of Tesseract's TSV output with where they stand on the page:
//! what the MRZ search reads of a full-page pass.

/// One word the engine read, with where it stands in the page's pixels
/// and the engine's confidence in it (0..100).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Word<'a> {
    pub left: u32,
    pub top: u32,
    pub width: u32,
    pub height: u32,
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

/// Columns: level, page, block, paragraph, line, word, left, top, width,
/// height, confidence, text.
fn word(row: &str) -> Option<Word<'_>> {
    let cols: Vec<&str> = row.split('\t').collect();
    if cols.len() < 12 || cols[0] != "5" {
        return None;
    }
    Some(Word {
        left: cols[6].parse().ok()?,
        top: cols[7].parse().ok()?,
        width: cols[8].parse().ok()?,
        height: cols[9].parse().ok()?,
        confidence: cols[10].parse().ok()?,
        text: cols[11],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_word_rows_only() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   4\t1\t1\t1\t2\t0\t10\t20\t300\t30\t-1\t\n\
                   5\t1\t1\t1\t2\t1\t10\t20\t90\t30\t96.5\tПАСПОРТ\n\
                   5\t1\t1\t1\t2\t2\t10\tx\t90\t30\t96.5\tbroken\n";
        let words: Vec<Word> = words(tsv).collect();
        let expected = Word {
            left: 10,
            top: 20,
            width: 90,
            height: 30,
            confidence: 96.5,
            text: "ПАСПОРТ",
        };
        assert_eq!(words, [expected]);
        assert_eq!(words[0].bottom(), 50);
    }
}
