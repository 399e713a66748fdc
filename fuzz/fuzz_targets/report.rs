//! The report writers, with any file name and any text read from it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&[u8], &str)| {
    let (name, text) = input;
    let (report, json, markdown) = dossier::fuzzing::write_report(name, text);
    // The JSON reads back, naming the file as the report does.
    let read: serde_json::Value = serde_json::from_str(&json).expect("the JSON report parses");
    assert_eq!(read["bundle"].as_str(), Some(report.bundle.as_str()));
    // A name is one line of Markdown and no markup, however it was spelled.
    assert!(!report.bundle.contains(['\n', '\r']));
    let title = markdown.lines().next().expect("a title");
    assert!(!title.contains(['<', '>']), "{title}");
});
